using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// Fully connected layer (runbook §1.3 model; docs/numerics.md §3).
/// Symbols: N = batch rows, D = inputs per row, H = outputs per row.
/// The written order, for every output: acc = b[j]; for k = 0 .. D−1: acc = fma(x[i,k], w[j,k], acc);
/// y[i,j] = acc. Fused multiply-add (<see cref="NumericsContract.MulAdd(float, float, float)"/>), binary32,
/// sequential in k — identical for any thread count, N, alignment or instruction width, because
/// vectors and threads only ever span independent outputs, never a sum.
/// </summary>
public static partial class Dense
{
    private const int Pw = PackedDenseWeights.PanelWidth;

    // Row chunk that shares one pass over the packed weights (keeps x rows hot in L1/L2).
    private const int RowChunk = 64;

    /// <summary>
    /// The instruction width the fast kernel uses in this process ("Vector512", "Vector256" or
    /// "Scalar"); every path gives the same bits. Diagnostic only.
    /// </summary>
    public static string KernelPath => Resolve(DenseKernelPath.Auto).ToString();

    /// <summary>
    /// y = x·wᵀ + b in the written order. Shapes: y [n,h], x [n,d], w [h,d] (row j = weights of
    /// output j, the ONNX Gemm transB=1 layout), b [h]. Bit-identical to <see cref="ForwardNaive"/>.
    /// </summary>
    /// <param name="y">Output, length n·h.</param>
    /// <param name="x">Input, length n·d.</param>
    /// <param name="w">Weights, length h·d.</param>
    /// <param name="b">Bias, length h.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Inputs per row.</param>
    /// <param name="h">Outputs per row.</param>
    /// <param name="threads">Worker threads (≥ 1); work is split over rows or outputs, never over k.</param>
    /// <exception cref="ArgumentException">A span length does not match its shape, or a size is negative.</exception>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int n, int d, int h, int threads = 1)
    {
        CheckShapes(y, x, w, b, n, d, h);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (n == 0 || h == 0)
        {
            return;
        }

        using var packed = PackedDenseWeights.Pack(w, b, d, h, pooled: true);
        ForwardPacked(y, x, packed, n, threads, DenseKernelPath.Auto);
    }

    /// <summary>
    /// The algorithmic reference: the written order as plain loops (kept beside the fast kernel,
    /// which must match it bit for bit). Shapes as in <see cref="Forward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span length does not match its shape, or a size is negative.</exception>
    public static void ForwardNaive(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int n, int d, int h)
    {
        CheckShapes(y, x, w, b, n, d, h);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < h; j++)
            {
                float acc = b[j];
                for (int k = 0; k < d; k++)
                {
                    acc = NumericsContract.MulAdd(x[(i * d) + k], w[(j * d) + k], acc);
                }

                y[(i * h) + j] = acc;
            }
        }
    }

    /// <summary>The fast kernel on pre-packed weights (the scorer packs once at load).</summary>
    internal static unsafe void ForwardPacked(Span<float> y, ReadOnlySpan<float> x, PackedDenseWeights packed, int n, int threads, DenseKernelPath path)
    {
        int d = packed.D;
        int h = packed.H;
        if (y.Length != n * h || x.Length != n * d)
        {
            throw new ArgumentException($"Dense: y has {y.Length} values and x {x.Length}; expected {n}×{h} and {n}×{d}.");
        }

        if (n == 0 || h == 0)
        {
            return;
        }

        path = Resolve(path);
        int pairs = packed.PanelCount / 2;
        if (threads <= 1 || (n == 1 && pairs == 1))
        {
            Run(y, x, packed, n, 0, n, 0, pairs, path);
            return;
        }

        fixed (float* yPtr = y)
        fixed (float* xPtr = x)
        {
            nint yAddr = (nint)yPtr;
            nint xAddr = (nint)xPtr;
            int yLength = y.Length;
            int xLength = x.Length;
            bool splitRows = n >= 4 * threads;
            int workers = splitRows ? threads : Math.Min(threads, pairs);
            int rowsPer = ((((n + workers - 1) / workers) + 3) / 4) * 4;
            int pairsPer = (pairs + workers - 1) / workers;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, t =>
            {
                var ys = new Span<float>((void*)yAddr, yLength);
                var xs = new ReadOnlySpan<float>((void*)xAddr, xLength);
                if (splitRows)
                {
                    int r0 = Math.Min(n, t * rowsPer);
                    int r1 = Math.Min(n, r0 + rowsPer);
                    Run(ys, xs, packed, n, r0, r1, 0, pairs, path);
                }
                else
                {
                    int q0 = Math.Min(pairs, t * pairsPer);
                    int q1 = Math.Min(pairs, q0 + pairsPer);
                    Run(ys, xs, packed, n, 0, n, q0, q1, path);
                }
            });
        }
    }

    private static DenseKernelPath Resolve(DenseKernelPath path)
    {
        if (path == DenseKernelPath.Auto)
        {
            return Vector512.IsHardwareAccelerated ? DenseKernelPath.Vector512
                : Vector256.IsHardwareAccelerated ? DenseKernelPath.Vector256
                : DenseKernelPath.Scalar;
        }

        return path;
    }

    private static void CheckShapes(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int n, int d, int h)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(d);
        ArgumentOutOfRangeException.ThrowIfNegative(h);
        if ((long)n * d != x.Length || (long)h * d != w.Length || h != b.Length || (long)n * h != y.Length)
        {
            throw new ArgumentException(
                $"Dense: shapes do not match: n={n}, d={d}, h={h} needs x {(long)n * d}, w {(long)h * d}, b {h}, y {(long)n * h}; " +
                $"got x {x.Length}, w {w.Length}, b {b.Length}, y {y.Length}.");
        }
    }

    /// <summary>Rows [r0, r1) × panel pairs [q0, q1).</summary>
    private static void Run(Span<float> y, ReadOnlySpan<float> x, PackedDenseWeights packed, int n, int r0, int r1, int q0, int q1, DenseKernelPath path)
    {
        _ = n;
        int d = packed.D;
        int h = packed.H;
        ref float yRef = ref MemoryMarshal.GetReference(y);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float panels = ref MemoryMarshal.GetReference(packed.Panels);
        ref float bias = ref MemoryMarshal.GetReference(packed.Bias);
        int panelStride = d * Pw;
        int blockRows = path switch { DenseKernelPath.Vector512 => 4, DenseKernelPath.Vector256 => 2, _ => 1 };

        for (int c0 = r0; c0 < r1; c0 += RowChunk)
        {
            int c1 = Math.Min(r1, c0 + RowChunk);
            int blocked = blockRows > 1 ? c0 + ((c1 - c0) / blockRows * blockRows) : c0;

            if (blockRows > 1)
            {
                for (int q = q0; q < q1; q++)
                {
                    int j0 = q * 2 * Pw;
                    int valid = Math.Min(2 * Pw, h - j0);
                    ref float panel = ref Unsafe.Add(ref panels, (nint)q * 2 * panelStride);
                    ref float bq = ref Unsafe.Add(ref bias, j0);
                    for (int i = c0; i < blocked; i += blockRows)
                    {
                        ref float yi = ref Unsafe.Add(ref yRef, ((nint)i * h) + j0);
                        ref float xi = ref Unsafe.Add(ref xRef, (nint)i * d);
                        if (path == DenseKernelPath.Vector512)
                        {
                            Kernel512Rows4Pair(ref yi, h, ref xi, d, ref panel, ref bq, valid);
                        }
                        else
                        {
                            Kernel256Rows2Pair(ref yi, h, ref xi, d, ref panel, ref bq, valid);
                        }
                    }
                }
            }

            for (int i = blocked; i < c1; i++)
            {
                ref float xi = ref Unsafe.Add(ref xRef, (nint)i * d);
                int q = q0;
                if (path == DenseKernelPath.Vector512)
                {
                    for (; q + 4 <= q1; q += 4)
                    {
                        int j0 = q * 2 * Pw;
                        Kernel512Row1Pairs4(ref Unsafe.Add(ref yRef, ((nint)i * h) + j0), ref xi, d, ref Unsafe.Add(ref panels, (nint)q * 2 * panelStride), ref Unsafe.Add(ref bias, j0), Math.Min(8 * Pw, h - j0));
                    }
                }
                else if (path == DenseKernelPath.Vector256)
                {
                    for (; q + 2 <= q1; q += 2)
                    {
                        int j0 = q * 2 * Pw;
                        Kernel256Row1Pairs2(ref Unsafe.Add(ref yRef, ((nint)i * h) + j0), ref xi, d, ref Unsafe.Add(ref panels, (nint)q * 2 * panelStride), ref Unsafe.Add(ref bias, j0), Math.Min(4 * Pw, h - j0));
                    }
                }

                for (; q < q1; q++)
                {
                    int j0 = q * 2 * Pw;
                    ref float yi = ref Unsafe.Add(ref yRef, ((nint)i * h) + j0);
                    ref float panel = ref Unsafe.Add(ref panels, (nint)q * 2 * panelStride);
                    int valid = Math.Min(2 * Pw, h - j0);
                    if (path == DenseKernelPath.Vector512)
                    {
                        Kernel512Row1Pair(ref yi, ref xi, d, ref panel, ref Unsafe.Add(ref bias, j0), valid);
                    }
                    else if (path == DenseKernelPath.Vector256)
                    {
                        Kernel256Row1Pair(ref yi, ref xi, d, ref panel, ref Unsafe.Add(ref bias, j0), valid);
                    }
                    else
                    {
                        KernelScalarRow1Pair(ref yi, ref xi, d, ref panel, ref Unsafe.Add(ref bias, j0), valid);
                    }
                }
            }
        }
    }

    // ---- 512-bit kernels: one vector = one panel of 16 outputs ----

    private static void Kernel512Rows4Pair(ref float y, int ldy, ref float x, int d, ref float panel, ref float bias, int valid)
    {
        nint stride = (nint)d * Pw;
        var b0 = Vector512.LoadUnsafe(ref bias);
        var b1 = Vector512.LoadUnsafe(ref bias, Pw);
        Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        ref float x0 = ref x;
        ref float x1 = ref Unsafe.Add(ref x, d);
        ref float x2 = ref Unsafe.Add(ref x, 2 * d);
        ref float x3 = ref Unsafe.Add(ref x, 3 * d);
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        for (nint k = 0; k < d; k++)
        {
            var w0 = Vector512.LoadUnsafe(ref panel, (nuint)(k * Pw));
            var w1 = Vector512.LoadUnsafe(ref p1, (nuint)(k * Pw));
            var v = Vector512.Create(Unsafe.Add(ref x0, k));
            a00 = NumericsContract.MulAdd(v, w0, a00);
            a01 = NumericsContract.MulAdd(v, w1, a01);
            v = Vector512.Create(Unsafe.Add(ref x1, k));
            a10 = NumericsContract.MulAdd(v, w0, a10);
            a11 = NumericsContract.MulAdd(v, w1, a11);
            v = Vector512.Create(Unsafe.Add(ref x2, k));
            a20 = NumericsContract.MulAdd(v, w0, a20);
            a21 = NumericsContract.MulAdd(v, w1, a21);
            v = Vector512.Create(Unsafe.Add(ref x3, k));
            a30 = NumericsContract.MulAdd(v, w0, a30);
            a31 = NumericsContract.MulAdd(v, w1, a31);
        }

        Store512(ref y, a00, a01, valid);
        Store512(ref Unsafe.Add(ref y, ldy), a10, a11, valid);
        Store512(ref Unsafe.Add(ref y, 2 * ldy), a20, a21, valid);
        Store512(ref Unsafe.Add(ref y, 3 * ldy), a30, a31, valid);
    }

    private static void Kernel512Row1Pairs4(ref float y, ref float x, int d, ref float panel, ref float bias, int valid)
    {
        nint stride = (nint)d * Pw;
        Vector512<float> a0 = Vector512.LoadUnsafe(ref bias), a1 = Vector512.LoadUnsafe(ref bias, Pw),
            a2 = Vector512.LoadUnsafe(ref bias, 2 * Pw), a3 = Vector512.LoadUnsafe(ref bias, 3 * Pw),
            a4 = Vector512.LoadUnsafe(ref bias, 4 * Pw), a5 = Vector512.LoadUnsafe(ref bias, 5 * Pw),
            a6 = Vector512.LoadUnsafe(ref bias, 6 * Pw), a7 = Vector512.LoadUnsafe(ref bias, 7 * Pw);
        ref float p0 = ref panel;
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        ref float p2 = ref Unsafe.Add(ref panel, 2 * stride);
        ref float p3 = ref Unsafe.Add(ref panel, 3 * stride);
        ref float p4 = ref Unsafe.Add(ref panel, 4 * stride);
        ref float p5 = ref Unsafe.Add(ref panel, 5 * stride);
        ref float p6 = ref Unsafe.Add(ref panel, 6 * stride);
        ref float p7 = ref Unsafe.Add(ref panel, 7 * stride);
        for (nint k = 0; k < d; k++)
        {
            var v = Vector512.Create(Unsafe.Add(ref x, k));
            nuint o = (nuint)(k * Pw);
            a0 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p0, o), a0);
            a1 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p1, o), a1);
            a2 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p2, o), a2);
            a3 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p3, o), a3);
            a4 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p4, o), a4);
            a5 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p5, o), a5);
            a6 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p6, o), a6);
            a7 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p7, o), a7);
        }

        Store512(ref y, a0, a1, valid);
        Store512(ref Unsafe.Add(ref y, 2 * Pw), a2, a3, valid - (2 * Pw));
        Store512(ref Unsafe.Add(ref y, 4 * Pw), a4, a5, valid - (4 * Pw));
        Store512(ref Unsafe.Add(ref y, 6 * Pw), a6, a7, valid - (6 * Pw));
    }

    private static void Kernel512Row1Pair(ref float y, ref float x, int d, ref float panel, ref float bias, int valid)
    {
        nint stride = (nint)d * Pw;
        var a0 = Vector512.LoadUnsafe(ref bias);
        var a1 = Vector512.LoadUnsafe(ref bias, Pw);
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        for (nint k = 0; k < d; k++)
        {
            var v = Vector512.Create(Unsafe.Add(ref x, k));
            a0 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref panel, (nuint)(k * Pw)), a0);
            a1 = NumericsContract.MulAdd(v, Vector512.LoadUnsafe(ref p1, (nuint)(k * Pw)), a1);
        }

        Store512(ref y, a0, a1, valid);
    }

    /// <summary>Stores the first <paramref name="valid"/> (≤ 32) of two panels' outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref float y, Vector512<float> lo, Vector512<float> hi, int valid)
    {
        if (valid >= 2 * Pw)
        {
            lo.StoreUnsafe(ref y);
            hi.StoreUnsafe(ref y, Pw);
            return;
        }

        if (valid <= 0)
        {
            return;
        }

        Span<float> tmp = stackalloc float[2 * Pw];
        lo.StoreUnsafe(ref MemoryMarshal.GetReference(tmp));
        hi.StoreUnsafe(ref MemoryMarshal.GetReference(tmp), Pw);
        tmp[..valid].CopyTo(MemoryMarshal.CreateSpan(ref y, valid));
    }

    // ---- 256-bit kernels: a panel is two vectors (lanes 0–7 and 8–15) ----

    private static void Kernel256Rows2Pair(ref float y, int ldy, ref float x, int d, ref float panel, ref float bias, int valid)
    {
        nint stride = (nint)d * Pw;
        var b0 = Vector256.LoadUnsafe(ref bias);
        var b1 = Vector256.LoadUnsafe(ref bias, 8);
        var b2 = Vector256.LoadUnsafe(ref bias, 16);
        var b3 = Vector256.LoadUnsafe(ref bias, 24);
        Vector256<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        ref float x1 = ref Unsafe.Add(ref x, d);
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        for (nint k = 0; k < d; k++)
        {
            nuint o = (nuint)(k * Pw);
            var w0 = Vector256.LoadUnsafe(ref panel, o);
            var w1 = Vector256.LoadUnsafe(ref panel, o + 8);
            var w2 = Vector256.LoadUnsafe(ref p1, o);
            var w3 = Vector256.LoadUnsafe(ref p1, o + 8);
            var v = Vector256.Create(Unsafe.Add(ref x, k));
            a00 = NumericsContract.MulAdd(v, w0, a00);
            a01 = NumericsContract.MulAdd(v, w1, a01);
            a02 = NumericsContract.MulAdd(v, w2, a02);
            a03 = NumericsContract.MulAdd(v, w3, a03);
            v = Vector256.Create(Unsafe.Add(ref x1, k));
            a10 = NumericsContract.MulAdd(v, w0, a10);
            a11 = NumericsContract.MulAdd(v, w1, a11);
            a12 = NumericsContract.MulAdd(v, w2, a12);
            a13 = NumericsContract.MulAdd(v, w3, a13);
        }

        Store256(ref y, a00, a01, a02, a03, valid);
        Store256(ref Unsafe.Add(ref y, ldy), a10, a11, a12, a13, valid);
    }

    private static void Kernel256Row1Pairs2(ref float y, ref float x, int d, ref float panel, ref float bias, int valid)
    {
        nint stride = (nint)d * Pw;
        Vector256<float> a0 = Vector256.LoadUnsafe(ref bias), a1 = Vector256.LoadUnsafe(ref bias, 8),
            a2 = Vector256.LoadUnsafe(ref bias, 16), a3 = Vector256.LoadUnsafe(ref bias, 24),
            a4 = Vector256.LoadUnsafe(ref bias, 32), a5 = Vector256.LoadUnsafe(ref bias, 40),
            a6 = Vector256.LoadUnsafe(ref bias, 48), a7 = Vector256.LoadUnsafe(ref bias, 56);
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        ref float p2 = ref Unsafe.Add(ref panel, 2 * stride);
        ref float p3 = ref Unsafe.Add(ref panel, 3 * stride);
        for (nint k = 0; k < d; k++)
        {
            var v = Vector256.Create(Unsafe.Add(ref x, k));
            nuint o = (nuint)(k * Pw);
            a0 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref panel, o), a0);
            a1 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref panel, o + 8), a1);
            a2 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p1, o), a2);
            a3 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p1, o + 8), a3);
            a4 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p2, o), a4);
            a5 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p2, o + 8), a5);
            a6 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p3, o), a6);
            a7 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p3, o + 8), a7);
        }

        Store256(ref y, a0, a1, a2, a3, valid);
        Store256(ref Unsafe.Add(ref y, 2 * Pw), a4, a5, a6, a7, valid - (2 * Pw));
    }

    private static void Kernel256Row1Pair(ref float y, ref float x, int d, ref float panel, ref float bias, int valid)
    {
        nint stride = (nint)d * Pw;
        Vector256<float> a0 = Vector256.LoadUnsafe(ref bias), a1 = Vector256.LoadUnsafe(ref bias, 8),
            a2 = Vector256.LoadUnsafe(ref bias, 16), a3 = Vector256.LoadUnsafe(ref bias, 24);
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        for (nint k = 0; k < d; k++)
        {
            var v = Vector256.Create(Unsafe.Add(ref x, k));
            nuint o = (nuint)(k * Pw);
            a0 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref panel, o), a0);
            a1 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref panel, o + 8), a1);
            a2 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p1, o), a2);
            a3 = NumericsContract.MulAdd(v, Vector256.LoadUnsafe(ref p1, o + 8), a3);
        }

        Store256(ref y, a0, a1, a2, a3, valid);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref float y, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3, int valid)
    {
        if (valid >= 2 * Pw)
        {
            a0.StoreUnsafe(ref y);
            a1.StoreUnsafe(ref y, 8);
            a2.StoreUnsafe(ref y, 16);
            a3.StoreUnsafe(ref y, 24);
            return;
        }

        if (valid <= 0)
        {
            return;
        }

        Span<float> tmp = stackalloc float[2 * Pw];
        ref float t = ref MemoryMarshal.GetReference(tmp);
        a0.StoreUnsafe(ref t);
        a1.StoreUnsafe(ref t, 8);
        a2.StoreUnsafe(ref t, 16);
        a3.StoreUnsafe(ref t, 24);
        tmp[..valid].CopyTo(MemoryMarshal.CreateSpan(ref y, valid));
    }

    // ---- scalar kernel: the written order on the packed layout ----

    private static void KernelScalarRow1Pair(ref float y, ref float x, int d, ref float panel, ref float bias, int valid)
    {
        int count = Math.Min(valid, 2 * Pw);
        for (int l = 0; l < count; l++)
        {
            ref float p = ref Unsafe.Add(ref panel, ((nint)(l / Pw) * d * Pw) + (l % Pw));
            float acc = Unsafe.Add(ref bias, l);
            for (nint k = 0; k < d; k++)
            {
                acc = NumericsContract.MulAdd(Unsafe.Add(ref x, k), Unsafe.Add(ref p, k * Pw), acc);
            }

            Unsafe.Add(ref y, l) = acc;
        }
    }
}
