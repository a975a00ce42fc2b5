using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;
using TrustScore.TestSupport.DoubleReference;

namespace TrustScore.Consensus.Tests.Layers;

public sealed class ElementwiseLayerTests
{
    [Fact]
    public void Relu_ForwardAndBackward_PassOnlyPositiveUnits()
    {
        float[] x = [-2f, 0f, 3f, float.NaN, -0f, 1e-30f];
        var y = new float[x.Length];
        Relu.Forward(y, x);
        Assert.Equal([0f, 0f, 3f, 0f, 0f, 1e-30f], y);
        var dx = new float[] { 1f, 1f, 1f, 1f, 1f, 1f };
        Relu.Backward(dx, [5f, 5f, 5f, 5f, 5f, 5f], y);
        Assert.Equal([1f, 1f, 6f, 1f, 1f, 6f], dx);
    }

    [Fact]
    public void Dropout_Mask_KeepsAboutOneMinusRateAndScalesInverted()
    {
        var mask = new float[20000];
        Dropout.FillMask(mask, 0.3f, CounterRng.Create(42, RngPurpose.Dropout, 1, 2));
        float scale = 1f / (1f - 0.3f);
        Assert.All(mask, m => Assert.True(m == 0f || m == scale));
        double kept = mask.Count(m => m != 0f) / (double)mask.Length;
        Assert.InRange(kept, 0.68, 0.72);
        var again = new float[20000];
        Dropout.FillMask(again, 0.3f, CounterRng.Create(42, RngPurpose.Dropout, 1, 2));
        TensorCompare.BitEqual("same key, same mask", again, mask);
        var other = new float[20000];
        Dropout.FillMask(other, 0.3f, CounterRng.Create(42, RngPurpose.Dropout, 1, 3));
        Assert.NotEqual(mask, other);
    }

    [Fact]
    public void Dropout_ForwardAndBackward_MultiplyByMask()
    {
        float[] mask = [0f, 2f, 2f];
        var y = new float[3];
        Dropout.Forward(y, [1f, 2f, -3f], mask);
        Assert.Equal([0f, 4f, -6f], y);
        var dx = new float[] { 1f, 1f, 1f };
        Dropout.Backward(dx, [1f, 1f, 1f], mask);
        Assert.Equal([1f, 3f, 3f], dx);
    }

    [Fact]
    public void SigmoidScale_MatchesDoubleReferenceAndItsDerivative()
    {
        var z = TestValues.Uniform(50, 41, -8f, 8f);
        var y = new float[50];
        var s = new float[50];
        SigmoidScale.Forward(y, s, z, 100f);
        var expected = z.Select(v => 100 * ReferenceLayers.Sigmoid(v)).ToArray();
        TensorCompare.Close("scaled sigmoid", y, expected, 1e-5, 1e-4);
        var dz = new float[50];
        var dy = TestValues.Uniform(50, 42);
        SigmoidScale.Backward(dz, dy, s, 100f);
        var fd = z.Select((v, i) => dy[i] * 100 * (ReferenceLayers.Sigmoid(v + 1e-6) - ReferenceLayers.Sigmoid(v - 1e-6)) / 2e-6).ToArray();
        TensorCompare.Close("scaled sigmoid backward vs finite differences", dz, fd, 1e-3, 1e-4);
    }
}
