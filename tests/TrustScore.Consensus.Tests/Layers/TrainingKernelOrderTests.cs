using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;
using TrustScore.TestSupport.DoubleReference;

namespace TrustScore.Consensus.Tests.Layers;

/// <summary>
/// The vectorised and fused training kernels against plain loops written here from the formulas
/// in docs/numerics-training.md §2–§3, bit for bit. Lengths and widths are chosen so every vector
/// width leaves a scalar tail; the inputs include −0, +0, NaN, subnormals and both signs.
/// </summary>
public sealed class TrainingKernelOrderTests
{
    private static float[] Values(int length, ulong seed)
    {
        var v = TestValues.Uniform(length, seed, -3f, 3f);
        float[] special = [0f, -0f, float.NaN, 1e-40f, -1e-40f, float.Epsilon, 5f, -5f];
        for (int c = 0; c < length; c += 7)
        {
            v[c] = special[(c / 7) % special.Length];
        }

        return v;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(1037)]
    public void FusedReluDropout_EqualsTheTwoLayersInSequence(int length)
    {
        var x = Values(length, 1);
        var dy = Values(length, 2);
        var mask = new float[length];
        Dropout.FillMask(mask, 0.3f, CounterRng.Create(42, RngPurpose.Dropout, 1, 2));

        var expectedY = new float[length];
        for (int c = 0; c < length; c++)
        {
            expectedY[c] = (x[c] > 0f ? x[c] : 0f) * mask[c];
        }

        var y = new float[length];
        Dropout.ForwardRelu(y, x, mask);
        TensorCompare.BitEqual("relu then dropout", y, expectedY);

        // Backward: dropout into a cleared buffer, then ReLU backward with the forward output relu(x).
        var start = Values(length, 3);
        var expectedDx = (float[])start.Clone();
        for (int c = 0; c < length; c++)
        {
            float a = NumericsContract.MulAdd(dy[c], mask[c], 0f);
            float relu = x[c] > 0f ? x[c] : 0f;
            if (relu > 0f)
            {
                expectedDx[c] += a;
            }
        }

        var dx = (float[])start.Clone();
        Dropout.BackwardRelu(dx, dy, mask, x);
        TensorCompare.BitEqual("dropout then relu backward", dx, expectedDx);

        // The separate layers still give the same bits as their formulas.
        var relu1 = new float[length];
        Relu.Forward(relu1, x);
        var y2 = new float[length];
        Dropout.Forward(y2, relu1, mask);
        TensorCompare.BitEqual("separate layers", y2, expectedY);
        var dAct = new float[length];
        Dropout.Backward(dAct, dy, mask);
        var dx2 = (float[])start.Clone();
        Relu.Backward(dx2, dAct, relu1);
        TensorCompare.BitEqual("separate backward layers", dx2, expectedDx);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(4099)]
    public void FillUniform_EqualsUniformPerCounter(int length)
    {
        var rng = CounterRng.Create(42, RngPurpose.Dropout, 3, (5UL << 8) | 2);
        var filled = new float[length];
        rng.FillUniform(filled);
        Assert.All(Enumerable.Range(0, length), c => Assert.Equal(BitConverter.SingleToInt32Bits(rng.Uniform((ulong)c)), BitConverter.SingleToInt32Bits(filled[c])));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 9)]
    [InlineData(13, 29)]
    [InlineData(64, 768)]
    [InlineData(256, 128)]
    public void Transpose_MovesEveryElement(int rows, int cols)
    {
        var src = TestValues.Uniform(rows * cols, 5);
        var dst = new float[rows * cols];
        Dense.Transpose(dst, src, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(src[(r * cols) + c]), BitConverter.SingleToInt32Bits(dst[(c * rows) + r]));
            }
        }
    }

    [Theory]
    [InlineData(64, 768, 512, 1)]
    [InlineData(64, 128, 64, 2)]
    [InlineData(13, 37, 70, 2)]
    public void OverwritingGradients_EqualClearThenAccumulate(int n, int d, int h, int threads)
    {
        var x = TestValues.Uniform(n * d, 6);
        var dy = TestValues.Uniform(n * h, 7);
        var w = TestValues.Uniform(h * d, 8);
        var xT = new float[d * n];
        Dense.Transpose(xT, x, n, d);

        var dKernel = new float[d * h];
        var db = new float[h];
        Dense.BackwardParameters(dKernel, db, dy, xT, n, d, h, 1);
        var dKernel2 = TestValues.Uniform(d * h, 9); // garbage: overwritten
        var db2 = TestValues.Uniform(h, 10);
        Dense.ParameterGradients(dKernel2, db2, dy, xT, n, d, h, threads);
        TensorCompare.BitEqual("kernel gradient", dKernel2, dKernel);
        TensorCompare.BitEqual("bias gradient", db2, db);

        var dx = new float[n * d];
        Dense.BackwardInput(dx, dy, w, n, d, h, 1);
        var dx2 = TestValues.Uniform(n * d, 11);
        Dense.InputGradient(dx2, dy, w, n, d, h, threads);
        TensorCompare.BitEqual("input gradient", dx2, dx);
    }

    [Theory]
    [InlineData(64, 37)]
    [InlineData(5, 64)]
    [InlineData(1, 3)]
    public void BatchNorm_FollowsTheWrittenOrderPerColumn(int n, int h)
    {
        const float Eps = 1e-3f;
        var x = TestValues.Uniform(n * h, 12, -3f, 5f);
        var gamma = TestValues.Uniform(h, 13, 0.5f, 1.5f);
        var beta = TestValues.Uniform(h, 14);
        var dy = TestValues.Uniform(n * h, 15);

        // Reference: docs/numerics-training.md §3, one column at a time, rows ascending.
        var eMean = new float[h];
        var eVar = new float[h];
        var eInv = new float[h];
        var eXHat = new float[n * h];
        var eY = new float[n * h];
        var eDx = TestValues.Uniform(n * h, 16);
        var eDGamma = TestValues.Uniform(h, 17);
        var eDBeta = TestValues.Uniform(h, 18);
        var dx = (float[])eDx.Clone();
        var dGamma = (float[])eDGamma.Clone();
        var dBeta = (float[])eDBeta.Clone();
        float count = n;
        for (int j = 0; j < h; j++)
        {
            float s = 0f;
            for (int i = 0; i < n; i++)
            {
                s += x[(i * h) + j];
            }

            eMean[j] = s / count;
            float v = 0f;
            for (int i = 0; i < n; i++)
            {
                float c = x[(i * h) + j] - eMean[j];
                v = NumericsContract.MulAdd(c, c, v);
            }

            eVar[j] = v / count;
            eInv[j] = 1f / MathF.Sqrt(eVar[j] + Eps);
            float sg = 0f, sgx = 0f;
            for (int i = 0; i < n; i++)
            {
                int at = (i * h) + j;
                eXHat[at] = (x[at] - eMean[j]) * eInv[j];
                eY[at] = NumericsContract.MulAdd(gamma[j], eXHat[at], beta[j]);
                float g = dy[at] * gamma[j];
                eDBeta[j] += dy[at];
                eDGamma[j] = NumericsContract.MulAdd(dy[at], eXHat[at], eDGamma[j]);
                sg += g;
                sgx = NumericsContract.MulAdd(g, eXHat[at], sgx);
            }

            for (int i = 0; i < n; i++)
            {
                int at = (i * h) + j;
                float g = dy[at] * gamma[j];
                float centred = NumericsContract.MulAdd(-eXHat[at], sgx, NumericsContract.MulAdd(count, g, -sg));
                eDx[at] = NumericsContract.MulAdd(eInv[j] / count, centred, eDx[at]);
            }
        }

        var y = new float[n * h];
        var xHat = new float[n * h];
        var mean = new float[h];
        var variance = new float[h];
        var invStd = new float[h];
        BatchNorm.ForwardTraining(y, xHat, mean, variance, invStd, x, gamma, beta, n, h, Eps);
        TensorCompare.BitEqual("mean", mean, eMean);
        TensorCompare.BitEqual("variance", variance, eVar);
        TensorCompare.BitEqual("inverse std", invStd, eInv);
        TensorCompare.BitEqual("x hat", xHat, eXHat);
        TensorCompare.BitEqual("y", y, eY);
        BatchNorm.Backward(dx, dGamma, dBeta, dy, xHat, gamma, invStd, n, h);
        TensorCompare.BitEqual("dx", dx, eDx);
        TensorCompare.BitEqual("dgamma", dGamma, eDGamma);
        TensorCompare.BitEqual("dbeta", dBeta, eDBeta);

        // Inference form and the moving statistics.
        var movingMean = TestValues.Uniform(h, 19);
        var movingVar = TestValues.Uniform(h, 20, 0.5f, 2f);
        var yInf = new float[n * h];
        BatchNorm.ForwardInference(yInf, x, gamma, beta, movingMean, movingVar, n, h, Eps);
        var eMovingMean = new float[h];
        var eMovingVar = new float[h];
        for (int j = 0; j < h; j++)
        {
            float inv = 1f / MathF.Sqrt(movingVar[j] + Eps);
            for (int i = 0; i < n; i++)
            {
                int at = (i * h) + j;
                Assert.Equal(BitConverter.SingleToInt32Bits(NumericsContract.MulAdd(gamma[j], (x[at] - movingMean[j]) * inv, beta[j])), BitConverter.SingleToInt32Bits(yInf[at]));
            }

            eMovingMean[j] = NumericsContract.MulAdd(mean[j], 1f - 0.99f, movingMean[j] * 0.99f);
            eMovingVar[j] = NumericsContract.MulAdd(variance[j], 1f - 0.99f, movingVar[j] * 0.99f);
        }

        BatchNorm.UpdateMovingStatistics(movingMean, movingVar, mean, variance, 0.99f);
        TensorCompare.BitEqual("moving mean", movingMean, eMovingMean);
        TensorCompare.BitEqual("moving variance", movingVar, eMovingVar);
    }
}
