using TrustScore.Consensus.Layers;
using TrustScore.TestSupport.DoubleReference;

namespace TrustScore.Consensus.Tests.Layers;

public sealed class DenseTrainingTests
{
    private const int N = 9;
    private const int D = 21;
    private const int H = 19;

    [Fact]
    public void ForwardKernelLayout_MatchesDoubleReference()
    {
        var x = TestValues.Uniform(N * D, 11);
        var k = TestValues.Uniform(D * H, 12);
        var b = TestValues.Uniform(H, 13);
        var y = new float[N * H];
        Dense.ForwardKernelLayout(y, x, k, b, N, D, H, threads: 2);
        var expected = ReferenceLayers.DenseForward(ReferenceLayers.ToDouble(x), ReferenceLayers.ToDouble(k), ReferenceLayers.ToDouble(b), N, D, H);
        TensorCompare.Close("dense forward", y, expected, 1e-5, 1e-5);
    }

    [Theory]
    [InlineData(64, 768, 512, 1)]
    [InlineData(64, 512, 256, 2)]
    [InlineData(7, 64, 1, 2)]
    [InlineData(13, 30, 45, 3)]
    public void ForwardKernelLayout_IsBitIdenticalToConsensusForwardOnTransposedWeights(int n, int d, int h, int threads)
    {
        // Training keeps kernel [D, H]; the consensus layer takes w [H, D]. Same written order, same bits.
        var x = TestValues.Uniform(n * d, 51);
        var k = TestValues.Uniform(d * h, 52, -0.1f, 0.1f);
        var b = TestValues.Uniform(h, 53);
        var w = new float[h * d];
        Dense.Transpose(w, k, d, h);
        var training = new float[n * h];
        Dense.ForwardKernelLayout(training, x, k, b, n, d, h, threads);
        var consensus = new float[n * h];
        Dense.Forward(consensus, x, w, b, n, d, h, threads);
        TensorCompare.BitEqual($"{n}x{d}x{h}", training, consensus);
    }

    [Fact]
    public void Backward_MatchesDoubleReference()
    {
        var x = TestValues.Uniform(N * D, 14);
        var k = TestValues.Uniform(D * H, 15);
        var dy = TestValues.Uniform(N * H, 16);
        var w = new float[H * D];
        Dense.Transpose(w, k, D, H);
        var xT = new float[D * N];
        Dense.Transpose(xT, x, N, D);
        var dx = new float[N * D];
        var dk = new float[D * H];
        var db = new float[H];
        Dense.BackwardInput(dx, dy, w, N, D, H, threads: 2);
        Dense.BackwardParameters(dk, db, dy, xT, N, D, H, threads: 2);
        var (edx, edk, edb) = ReferenceLayers.DenseBackward(ReferenceLayers.ToDouble(dy), ReferenceLayers.ToDouble(x), ReferenceLayers.ToDouble(k), N, D, H);
        TensorCompare.Close("dense dx", dx, edx, 1e-5, 1e-5);
        TensorCompare.Close("dense dkernel", dk, edk, 1e-5, 1e-5);
        TensorCompare.Close("dense dbias", db, edb, 1e-5, 1e-5);
    }

    [Fact]
    public void Backward_Accumulates()
    {
        var x = TestValues.Uniform(N * D, 17);
        var dy = TestValues.Uniform(N * H, 18);
        var xT = new float[D * N];
        Dense.Transpose(xT, x, N, D);
        var dk1 = new float[D * H];
        var db1 = new float[H];
        Dense.BackwardParameters(dk1, db1, dy, xT, N, D, H);
        var dk2 = (float[])dk1.Clone();
        var db2 = (float[])db1.Clone();
        Dense.BackwardParameters(dk2, db2, dy, xT, N, D, H);
        var expectedK = ReferenceLayers.ToDouble(dk1).Select(v => 2 * v).ToArray();
        TensorCompare.Close("accumulated dkernel", dk2, expectedK, 1e-6, 1e-6);
        TensorCompare.Close("accumulated dbias", db2, ReferenceLayers.ToDouble(db1).Select(v => 2 * v).ToArray(), 1e-6, 1e-6);
    }

    [Fact]
    public void Transpose_SwapsIndices()
    {
        var src = TestValues.Uniform(5 * 70, 19);
        var dst = new float[70 * 5];
        Dense.Transpose(dst, src, 5, 70);
        for (int r = 0; r < 5; r++)
        {
            for (int c = 0; c < 70; c++)
            {
                Assert.Equal(src[(r * 70) + c], dst[(c * 5) + r]);
            }
        }
    }
}
