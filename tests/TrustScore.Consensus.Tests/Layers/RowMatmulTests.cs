using TrustScore.Consensus.Layers;
using TrustScore.TestSupport.DoubleReference;

namespace TrustScore.Consensus.Tests.Layers;

public sealed class RowMatmulTests
{
    public static TheoryData<int, int, int, int, int> Shapes => new()
    {
        // rows, inner, cols, lane width, threads
        { 7, 13, 37, 16, 1 },
        { 7, 13, 37, 8, 2 },
        { 7, 13, 37, 4, 3 },
        { 7, 13, 37, 1, 1 },
        { 64, 96, 80, 16, 2 },
        { 64, 96, 80, 8, 1 },
        { 5, 200, 1, 16, 2 },
        { 1, 3, 130, 16, 3 },
        { 33, 64, 512, 16, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Run_WithBias_IsBitIdenticalToNaiveForEveryWidthAndThreadCount(int rows, int inner, int cols, int width, int threads)
    {
        var a = TestValues.Uniform(rows * inner, 1);
        var b = TestValues.Uniform(inner * cols, 2);
        var bias = TestValues.Uniform(cols, 3);
        var expected = new float[rows * cols];
        RowMatmul.RunNaive(expected, bias, 0, a, b, rows, inner, cols);
        var actual = new float[rows * cols];
        RowMatmul.Run(actual, bias, 0, a, b, rows, inner, cols, threads, width);
        TensorCompare.BitEqual($"bias {rows}x{inner}x{cols} w{width} t{threads}", actual, expected);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Run_Accumulating_IsBitIdenticalToNaiveForEveryWidthAndThreadCount(int rows, int inner, int cols, int width, int threads)
    {
        var a = TestValues.Uniform(rows * inner, 4);
        var b = TestValues.Uniform(inner * cols, 5);
        var start = TestValues.Uniform(rows * cols, 6);
        var expected = (float[])start.Clone();
        RowMatmul.RunNaive(expected, start, cols, a, b, rows, inner, cols);
        var actual = (float[])start.Clone();
        RowMatmul.Run(actual, actual, cols, a, b, rows, inner, cols, threads, width);
        TensorCompare.BitEqual($"accumulate {rows}x{inner}x{cols} w{width} t{threads}", actual, expected);
    }

    [Fact]
    public void Run_LargeLayer_TwoThreadsMatchOneThread()
    {
        // The real first layer shape (N=64, D=768, H=512), where the threaded split is used.
        var a = TestValues.Uniform(64 * 768, 7);
        var b = TestValues.Uniform(768 * 512, 8);
        var bias = TestValues.Uniform(512, 9);
        var one = new float[64 * 512];
        var two = new float[64 * 512];
        RowMatmul.Run(one, bias, 0, a, b, 64, 768, 512, 1);
        RowMatmul.Run(two, bias, 0, a, b, 64, 768, 512, 2);
        TensorCompare.BitEqual("64x768x512", two, one);
        var naive = new float[64 * 512];
        RowMatmul.RunNaive(naive, bias, 0, a, b, 64, 768, 512);
        TensorCompare.BitEqual("64x768x512 vs naive", one, naive);
    }

    [Fact]
    public void Run_ShortBuffer_Throws()
    {
        var a = new float[10];
        Assert.Throws<ArgumentException>(() => RowMatmul.Run(new float[3], new float[4], 0, a, new float[20], 2, 5, 4, 1));
    }
}
