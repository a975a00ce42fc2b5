using TrustScore.Consensus.Model;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Model;

public sealed class OnnxModelRoundTripTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteThenRead_GivesIdenticalWeightBits(bool normalization)
    {
        var weights = TestModels.Random([40, 24, 16, 1], seed: 3, normalization);
        var read = OnnxModelReader.Read(OnnxModelWriter.Write(weights));
        Assert.True(read.BitEquals(weights));
        Assert.Equal(normalization, read.Normalization is not null);
        Assert.Equal([Activation.Relu, Activation.Relu, Activation.None], read.Layers.Select(l => l.Activation));
        Assert.Equal(100f, read.OutputScale);
    }

    [Fact]
    public void Write_SameWeightsTwice_IdenticalBytes()
    {
        var a = OnnxModelWriter.Write(TestModels.Random(TestModels.RealWidths, seed: 9));
        var b = OnnxModelWriter.Write(TestModels.Random(TestModels.RealWidths, seed: 9));
        Assert.Equal(a, b);
        Assert.True(OnnxModelReader.Read(a).BitEquals(TestModels.Random(TestModels.RealWidths, seed: 9)));
    }

    [Fact]
    public void Write_DifferentWeights_DifferentBytes()
    {
        var a = OnnxModelWriter.Write(TestModels.Random([8, 4, 1], seed: 1));
        var b = OnnxModelWriter.Write(TestModels.Random([8, 4, 1], seed: 2));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Write_ContainsNoTimestampOrHostFacts()
    {
        var bytes = OnnxModelWriter.Write(TestModels.Random([8, 4, 1], seed: 1));
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain(Environment.MachineName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains("trustscore-numerics/1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldBatchNorm_MatchesDoubleFormula()
    {
        float[] w = [0.5f, -1.25f, 2f, 0.1f];
        float[] b = [0.3f, -0.7f];
        float[] gamma = [1.5f, 0.25f];
        float[] beta = [0.1f, -0.2f];
        float[] mean = [0.05f, -0.4f];
        float[] variance = [0.81f, 2.5f];
        var folded = DenseLayerWeights.FoldBatchNorm(w, b, gamma, beta, mean, variance, 1e-3f, 2, 2, Activation.Relu);
        for (int j = 0; j < 2; j++)
        {
            double s = gamma[j] / Math.Sqrt(variance[j] + (double)1e-3f);
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal((float)(w[(j * 2) + k] * s), folded.Weights[(j * 2) + k]);
            }

            Assert.Equal((float)Math.FusedMultiplyAdd(b[j] - (double)mean[j], s, beta[j]), folded.Bias[j]);
        }
    }

    [Fact]
    public void MlpWeights_RejectsBadShapes()
    {
        var l1 = new DenseLayerWeights(new float[6], new float[2], 3, 2, Activation.Relu);
        var l2Wrong = new DenseLayerWeights(new float[3], new float[1], 3, 1, Activation.None);
        Assert.Throws<ArgumentException>(() => new MlpWeights([l1, l2Wrong]));
        Assert.Throws<ArgumentException>(() => new MlpWeights([l1]));
        Assert.Throws<ArgumentException>(() => new DenseLayerWeights([float.NaN, 0f], [0f], 2, 1, Activation.None));
        Assert.Throws<ArgumentException>(() => new DenseLayerWeights(new float[5], new float[2], 3, 2, Activation.None));
    }
}
