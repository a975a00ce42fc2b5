using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Scoring;

/// <summary>
/// Interop proof: ONNX Runtime runs the same model.onnx bytes and agrees with our
/// scorer within 1e-4 on the 0–100 scale. (Bit equality is neither expected nor promised: ORT
/// sums in its own blocked order and uses its own sigmoid.)
/// </summary>
public sealed class OnnxRuntimeParityTests
{
    /// <summary>Stated tolerance on the 0–100 output scale.</summary>
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnnxRuntime_AgreesWithScorer_WithinTolerance(bool normalization)
    {
        var weights = TestModels.Random(TestModels.RealWidths, seed: 31, normalization);
        byte[] bytes = OnnxModelWriter.Write(weights);
        var scorer = Scorer.Load(bytes);
        const int rows = 256;
        var x = TestModels.RandomRows(rows, 768, seed: 8);
        var ours = new float[rows];
        scorer.Score(x, rows, ours);

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(bytes, options);
        Assert.Equal("features", session.InputMetadata.Keys.Single());
        Assert.Equal("trust_score", session.OutputMetadata.Keys.Single());
        var input = new DenseTensor<float>(x, [rows, 768]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("features", input)]);
        var theirs = results.Single().AsTensor<float>();
        Assert.Equal([rows, 1], theirs.Dimensions.ToArray());

        var exact = DoubleReference(weights, x, rows);
        float maxDiff = 0;
        double oursVsExact = 0;
        double ortVsExact = 0;
        int spread = 0;
        for (int i = 0; i < rows; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(ours[i] - theirs[i, 0]));
            oursVsExact = Math.Max(oursVsExact, Math.Abs(ours[i] - exact[i]));
            ortVsExact = Math.Max(ortVsExact, Math.Abs(theirs[i, 0] - exact[i]));
            spread += ours[i] is > 1f and < 99f ? 1 : 0;
        }


        // Measured here: 6.1e-5 (no normalisation) and 3.1e-5, with both engines about 5e-5 from the
        // binary64 evaluation: the gap is binary32 rounding in two summation orders, not a defect.
        string facts = $"max |ours − ORT| = {maxDiff:E3}, |ours − binary64| = {oursVsExact:E3}, |ORT − binary64| = {ortVsExact:E3}";
        Assert.True(maxDiff <= Tolerance, $"{facts}; tolerance {Tolerance:E1}");
        Assert.True(oursVsExact <= Tolerance, $"{facts}; tolerance {Tolerance:E1}");
        Assert.True(spread > rows / 2, "most outputs should be away from saturation, or the comparison proves little");
    }

    /// <summary>The same model evaluated in binary64 with libm's exp: the "true" value both engines approximate.</summary>
    private static double[] DoubleReference(MlpWeights weights, float[] x, int rows)
    {
        int d = weights.InputWidth;
        var result = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            var current = new double[d];
            for (int k = 0; k < d; k++)
            {
                double v = x[(i * d) + k];
                if (weights.Normalization is { } norm)
                {
                    v = (v - norm.Offset[k]) * norm.Scale[k];
                }

                current[k] = v;
            }

            foreach (var layer in weights.Layers)
            {
                var next = new double[layer.OutputWidth];
                for (int j = 0; j < layer.OutputWidth; j++)
                {
                    double acc = layer.Bias[j];
                    for (int k = 0; k < layer.InputWidth; k++)
                    {
                        acc += current[k] * layer.Weights[(j * layer.InputWidth) + k];
                    }

                    next[j] = layer.Activation == Activation.Relu ? Math.Max(acc, 0.0) : acc;
                }

                current = next;
            }

            result[i] = weights.OutputScale / (1.0 + Math.Exp(-current[0]));
        }

        return result;
    }
}
