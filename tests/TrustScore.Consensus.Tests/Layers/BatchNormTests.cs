using TrustScore.Consensus.Layers;
using TrustScore.TestSupport.DoubleReference;

namespace TrustScore.Consensus.Tests.Layers;

public sealed class BatchNormTests
{
    private const int N = 11;
    private const int H = 13;
    private const float Eps = 1e-3f;

    [Fact]
    public void ForwardTraining_MatchesDoubleReference()
    {
        var x = TestValues.Uniform(N * H, 21, -3f, 5f);
        var gamma = TestValues.Uniform(H, 22, 0.5f, 1.5f);
        var beta = TestValues.Uniform(H, 23);
        var (y, xHat, mean, variance, _) = Forward(x, gamma, beta);
        var r = ReferenceLayers.BatchNormForward(ReferenceLayers.ToDouble(x), ReferenceLayers.ToDouble(gamma), ReferenceLayers.ToDouble(beta), N, H, Eps);
        TensorCompare.Close("bn y", y, r.Y, 1e-5, 1e-5);
        TensorCompare.Close("bn xhat", xHat, r.XHat, 1e-5, 1e-5);
        TensorCompare.Close("bn mean", mean, r.Mean, 1e-6, 1e-6);
        TensorCompare.Close("bn variance", variance, r.Var, 1e-5, 1e-6);
    }

    [Fact]
    public void Backward_MatchesDoubleReference()
    {
        var x = TestValues.Uniform(N * H, 24, -2f, 2f);
        var gamma = TestValues.Uniform(H, 25, 0.5f, 1.5f);
        var beta = TestValues.Uniform(H, 26);
        var dy = TestValues.Uniform(N * H, 27);
        var (_, xHat, _, _, invStd) = Forward(x, gamma, beta);
        var dx = new float[N * H];
        var dGamma = new float[H];
        var dBeta = new float[H];
        BatchNorm.Backward(dx, dGamma, dBeta, dy, xHat, gamma, invStd, N, H);
        var r = ReferenceLayers.BatchNormBackward(ReferenceLayers.ToDouble(dy), ReferenceLayers.ToDouble(x), ReferenceLayers.ToDouble(gamma), N, H, Eps);
        TensorCompare.Close("bn dx", dx, r.Dx, 1e-4, 1e-5);
        TensorCompare.Close("bn dgamma", dGamma, r.DGamma, 1e-5, 1e-5);
        TensorCompare.Close("bn dbeta", dBeta, r.DBeta, 1e-5, 1e-5);
    }

    [Fact]
    public void ReferenceBackward_MatchesFiniteDifferences()
    {
        // Loss L = Σ dy·y(x); the reference gradient must equal central differences of the reference forward.
        var x = ReferenceLayers.ToDouble(TestValues.Uniform(N * H, 28, -2f, 2f));
        var gamma = ReferenceLayers.ToDouble(TestValues.Uniform(H, 29, 0.5f, 1.5f));
        var beta = ReferenceLayers.ToDouble(TestValues.Uniform(H, 30));
        var dy = ReferenceLayers.ToDouble(TestValues.Uniform(N * H, 31));
        double Loss() => ReferenceLayers.BatchNormForward(x, gamma, beta, N, H, Eps).Y.Select((v, c) => v * dy[c]).Sum();
        var (dx, dGamma, dBeta) = ReferenceLayers.BatchNormBackward(dy, x, gamma, N, H, Eps);
        double Fd(double[] t, int i)
        {
            double saved = t[i];
            t[i] = saved + 1e-6;
            double up = Loss();
            t[i] = saved - 1e-6;
            double down = Loss();
            t[i] = saved;
            return (up - down) / 2e-6;
        }

        TensorCompare.Close("fd dx", dx, [.. Enumerable.Range(0, x.Length).Select(i => Fd(x, i))], 1e-5, 1e-7);
        TensorCompare.Close("fd dgamma", dGamma, [.. Enumerable.Range(0, H).Select(i => Fd(gamma, i))], 1e-5, 1e-7);
        TensorCompare.Close("fd dbeta", dBeta, [.. Enumerable.Range(0, H).Select(i => Fd(beta, i))], 1e-5, 1e-7);
    }

    [Fact]
    public void UpdateMovingStatistics_IsKerasExponentialAverage()
    {
        var movingMean = new[] { 0f, 1f };
        var movingVariance = new[] { 1f, 2f };
        BatchNorm.UpdateMovingStatistics(movingMean, movingVariance, [10f, -1f], [4f, 0f], 0.99f);
        float rest = 1f - 0.99f;
        Assert.Equal(MathF.FusedMultiplyAdd(10f, rest, 0f * 0.99f), movingMean[0]);
        Assert.Equal(MathF.FusedMultiplyAdd(-1f, rest, 1f * 0.99f), movingMean[1]);
        Assert.Equal(MathF.FusedMultiplyAdd(4f, rest, 1f * 0.99f), movingVariance[0]);
        Assert.Equal(2f * 0.99f, movingVariance[1]);
        Assert.Equal(0.1, movingMean[0], 6);
    }

    [Fact]
    public void ForwardInference_UsesMovingStatistics()
    {
        var y = new float[2];
        BatchNorm.ForwardInference(y, [3f, 5f], [2f], [1f], [1f], [3f], 2, 1, 1e-3f);
        double inv = 1 / Math.Sqrt(3.001);
        Assert.Equal((2 * 2 * inv) + 1, y[0], 5);
        Assert.Equal((2 * 4 * inv) + 1, y[1], 5);
    }

    private static (float[] Y, float[] XHat, float[] Mean, float[] Variance, float[] InvStd) Forward(float[] x, float[] gamma, float[] beta)
    {
        var y = new float[N * H];
        var xHat = new float[N * H];
        var mean = new float[H];
        var variance = new float[H];
        var invStd = new float[H];
        BatchNorm.ForwardTraining(y, xHat, mean, variance, invStd, x, gamma, beta, N, H, Eps);
        return (y, xHat, mean, variance, invStd);
    }
}
