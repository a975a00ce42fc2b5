using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Tests.Layers;

/// <summary>
/// The dense forward kernel: bit equality of every fast path with the naive written order, for
/// many shapes, thread counts and instruction widths; a golden output from reference_numerics.py
/// (exact-rational FMA in Python, pasted) pins the order itself; a double reference bounds the error.
/// </summary>
public sealed class DenseTests
{
    [Fact]
    public void ForwardNaive_MatchesIndependentGoldenBits()
    {
        const int n = 3, d = 37, h = 5;
        var x = new float[n * d];
        var w = new float[h * d];
        var b = new float[h];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++)
            {
                x[(i * d) + k] = (float)((((i * 131) + (k * 71)) % 97) - 48) / 13f;
            }
        }

        for (int j = 0; j < h; j++)
        {
            for (int k = 0; k < d; k++)
            {
                w[(j * d) + k] = (float)((((j * 59) + (k * 37)) % 89) - 44) / 17f;
            }

            b[j] = (float)((j % 5) - 2) / 3f;
        }

        uint[] expected =
        [
            0x40A2FE13, 0x40B1225E, 0x42070F10, 0xC1550504, 0x40CEAC3B, 0x410B451E, 0xC0F86C20, 0xC1222C06,
            0x408018B2, 0xC0DA7311, 0xC10C0AD0, 0x41219DEF, 0xC11B4B4B, 0x3F30D85C, 0x4137D7D6,
        ];
        var naive = new float[n * h];
        var fast = new float[n * h];
        Dense.ForwardNaive(naive, x, w, b, n, d, h);
        Dense.Forward(fast, x, w, b, n, d, h);
        Assert.Equal(expected, naive.Select(BitConverter.SingleToUInt32Bits).ToArray());
        Assert.Equal(expected, fast.Select(BitConverter.SingleToUInt32Bits).ToArray());
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 768, 512 }, { 1, 64, 1 }, { 2, 3, 17 }, { 3, 5, 31 }, { 4, 7, 32 }, { 5, 9, 33 },
        { 7, 13, 47 }, { 8, 1, 64 }, { 9, 100, 65 }, { 13, 33, 129 }, { 64, 128, 64 }, { 65, 31, 15 },
        { 70, 17, 130 }, { 3, 0, 5 }, { 0, 4, 4 }, { 130, 256, 128 }, { 2, 512, 256 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_AllPathsAndThreadCounts_BitIdenticalToNaive(int n, int d, int h)
    {
        var (x, w, b) = RandomLayer(n, d, h, seed: (ulong)((n * 1000) + (d * 7) + h));
        var expected = new float[n * h];
        Dense.ForwardNaive(expected, x, w, b, n, d, h);
        foreach (int threads in new[] { 1, 2, 3, 4 })
        {
            var y = Fill(n * h);
            Dense.Forward(y, x, w, b, n, d, h, threads);
            AssertBits(expected, y, $"Forward threads={threads}");
            using var packed = PackedDenseWeights.Pack(w, b, d, h);
            foreach (var path in new[] { DenseKernelPath.Scalar, DenseKernelPath.Vector128, DenseKernelPath.Vector256, DenseKernelPath.Vector512 })
            {
                var yp = Fill(n * h);
                Dense.ForwardPacked(yp, x, packed, n, threads, path);
                AssertBits(expected, yp, $"{path} threads={threads}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardPacked_WithRelu_AllPaths_BitIdenticalToNaiveThenRelu(int n, int d, int h)
    {
        var (x, w, b) = RandomLayer(n, d, h, seed: (ulong)((n * 31) + (d * 3) + h));
        AssertReluPathsMatch(x, w, b, n, d, h);
    }

    [Fact]
    public void ForwardPacked_WithRelu_NaNAndNegativeZeroBecomePositiveZero()
    {
        // Row 0 is all +0 with bias −0 and negative weights: every fma gives −0 (−0 + −0), so the
        // pre-activation is −0 and ReLU must store +0. Row 1 has a NaN input (NaN output → +0);
        // row 2 an infinite one (+∞ stays, −∞ → +0); row 3 a subnormal result (kept, not flushed).
        const int n = 4, d = 3, h = 40;
        var x = new float[n * d];
        var w = new float[h * d];
        var b = new float[h];
        for (int j = 0; j < h; j++)
        {
            b[j] = -0f;
            for (int k = 0; k < d; k++)
            {
                w[(j * d) + k] = j % 2 == 0 ? -1f - k : 1f + k;
            }
        }

        x[d] = float.NaN;
        x[2 * d] = float.PositiveInfinity;
        x[3 * d] = float.Epsilon;
        var pre = new float[n * h];
        Dense.ForwardNaive(pre, x, w, b, n, d, h);
        Assert.Equal(0x8000_0000u, BitConverter.SingleToUInt32Bits(pre[0]));
        Assert.True(float.IsNaN(pre[h]));
        Assert.True(float.IsNegativeInfinity(pre[2 * h]) && float.IsPositiveInfinity(pre[(2 * h) + 1]));
        Assert.True(float.IsSubnormal(pre[(3 * h) + 1]));
        AssertReluPathsMatch(x, w, b, n, d, h);
        var y = Fill(n * h);
        using var packed = PackedDenseWeights.Pack(w, b, d, h);
        Dense.ForwardPacked(y, x, packed, n, 1, DenseKernelPath.Auto, relu: true);
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(y[0]));
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(y[h]));
        Assert.Equal(float.PositiveInfinity, y[(2 * h) + 1]);
        Assert.Equal(float.Epsilon, y[(3 * h) + 1]);
    }

    [Fact]
    public unsafe void PackedPanels_StartOnA64ByteBoundary_AndSurviveACompactingCollection()
    {
        // The one-row kernels stream every weight once; a panel start off a cache-line boundary
        // makes every 512-bit load touch two lines. Shapes whose packed length is not a multiple
        // of 16 floats make the next allocation's start vary.
        foreach (int d in new[] { 1, 3, 70, 768 })
        {
            var (_, w, b) = RandomLayer(1, d, 45, seed: (ulong)d);
            using var packed = PackedDenseWeights.Pack(w, b, d, 45);
            _ = new float[d % 13];
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            fixed (float* start = packed.Panels)
            {
                Assert.Equal(0u, (nuint)start % 64);
            }

            Assert.Equal(packed.PanelCount * d * PackedDenseWeights.PanelWidth, packed.Panels.Length);
        }
    }

    [Fact]
    public void Forward_Unaligned_SlicedSpans_BitIdentical()
    {
        const int n = 11, d = 70, h = 45;
        var (x, w, b) = RandomLayer(n, d, h, seed: 99);
        var expected = new float[n * h];
        Dense.ForwardNaive(expected, x, w, b, n, d, h);
        for (int offset = 1; offset < 4; offset++)
        {
            var xs = new float[(n * d) + offset];
            var ws = new float[(h * d) + offset];
            var ys = new float[(n * h) + offset];
            x.CopyTo(xs, offset);
            w.CopyTo(ws, offset);
            Dense.Forward(ys.AsSpan(offset), xs.AsSpan(offset), ws.AsSpan(offset), b, n, d, h, threads: 2);
            AssertBits(expected, ys.AsSpan(offset).ToArray(), $"offset {offset}");
        }
    }

    [Fact]
    public void Forward_RowAloneOrInBatch_SameBits()
    {
        const int n = 37, d = 96, h = 80;
        var (x, w, b) = RandomLayer(n, d, h, seed: 5);
        var batch = new float[n * h];
        Dense.Forward(batch, x, w, b, n, d, h);
        for (int i = 0; i < n; i++)
        {
            var single = new float[h];
            Dense.Forward(single, x.AsSpan(i * d, d), w, b, 1, d, h);
            AssertBits(batch.AsSpan(i * h, h).ToArray(), single, $"row {i}");
        }
    }

    [Fact]
    public void Forward_CloseToDoubleReference()
    {
        const int n = 4, d = 768, h = 64;
        var (x, w, b) = RandomLayer(n, d, h, seed: 17);
        var y = new float[n * h];
        Dense.Forward(y, x, w, b, n, d, h);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < h; j++)
            {
                double acc = b[j];
                double magnitude = Math.Abs(b[j]);
                for (int k = 0; k < d; k++)
                {
                    acc += (double)x[(i * d) + k] * w[(j * d) + k];
                    magnitude += Math.Abs((double)x[(i * d) + k] * w[(j * d) + k]);
                }

                // Sequential binary32 summation: |error| <= d·2^-24·Σ|terms| (first-order bound).
                double bound = d * Math.Pow(2, -24) * magnitude;
                Assert.True(Math.Abs(y[(i * h) + j] - acc) <= bound, $"y[{i},{j}] = {y[(i * h) + j]} vs {acc}");
            }
        }
    }

    [Fact]
    public void Forward_WrongLengths_Throw()
    {
        var x = new float[6];
        var w = new float[6];
        var b = new float[2];
        Assert.Throws<ArgumentException>(() => Dense.Forward(new float[5], x, w, b, 2, 3, 2));
        Assert.Throws<ArgumentException>(() => Dense.Forward(new float[4], x, w, new float[3], 2, 3, 2));
        Assert.Throws<ArgumentException>(() => Dense.ForwardNaive(new float[4], new float[5], w, b, 2, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dense.Forward(new float[4], x, w, b, 2, 3, 2, threads: 0));
    }

    internal static (float[] X, float[] W, float[] B) RandomLayer(int n, int d, int h, ulong seed)
    {
        var rng = CounterRng.Create(seed, RngPurpose.Conformance);
        var x = new float[n * d];
        var w = new float[h * d];
        var b = new float[h];
        ulong c = 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (rng.Uniform(c++) * 4f) - 2f;
        }

        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (rng.Uniform(c++) - 0.5f) * 0.2f;
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = rng.Uniform(c++) - 0.5f;
        }

        return (x, w, b);
    }

    private static void AssertReluPathsMatch(float[] x, float[] w, float[] b, int n, int d, int h)
    {
        var expected = new float[n * h];
        Dense.ForwardNaive(expected, x, w, b, n, d, h);
        Relu.Forward(expected, expected);
        using var packed = PackedDenseWeights.Pack(w, b, d, h);
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (var path in new[] { DenseKernelPath.Scalar, DenseKernelPath.Vector128, DenseKernelPath.Vector256, DenseKernelPath.Vector512, DenseKernelPath.Auto })
            {
                var y = Fill(n * h);
                Dense.ForwardPacked(y, x, packed, n, threads, path, relu: true);
                AssertBits(expected, y, $"{path} relu threads={threads}");
            }
        }
    }

    private static float[] Fill(int length) => Enumerable.Repeat(float.NaN, length).ToArray();

    private static void AssertBits(float[] expected, float[] actual, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i]))
            {
                Assert.Fail($"{label}: first difference at {i}: expected {expected[i]:R} (0x{BitConverter.SingleToUInt32Bits(expected[i]):X8}), got {actual[i]:R} (0x{BitConverter.SingleToUInt32Bits(actual[i]):X8}).");
            }
        }
    }
}
