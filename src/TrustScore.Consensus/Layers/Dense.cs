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

    // Rows per register block of the 512-bit kernel: 8 rows × 2 panels = 16 accumulators
    // (of the 32 AVX-512 registers), so each weight vector loaded feeds 8 multiply-adds.
    private const int BlockRows512 = 8;

    /// <summary>
    /// The instruction width the fast kernel uses in this process ("Vector512", "Vector256",
    /// "Vector128" or "Scalar"); every path gives the same bits. Diagnostic only.
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

    /// <summary>
    /// The fast kernel on pre-packed weights (the scorer packs once at load). With
    /// <paramref name="relu"/> the outputs then go through ReLU exactly as <see cref="Relu.Forward"/>
    /// does (a branch-free vector pass: the scalar loop's data-dependent branch mispredicted on
    /// about half the activations).
    /// </summary>
    internal static void ForwardPacked(Span<float> y, ReadOnlySpan<float> x, PackedDenseWeights packed, int n, int threads, DenseKernelPath path, bool relu)
    {
        ForwardPacked(y, x, packed, n, threads, path);
        if (relu)
        {
            Relu.Forward(y, y); // in place: each lane reads its value before writing it
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
            Run(y, x, packed, 0, n, 0, pairs, path);
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
            int rowsPer = ((((n + workers - 1) / workers) + BlockRows512 - 1) / BlockRows512) * BlockRows512;
            int pairsPer = (pairs + workers - 1) / workers;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, t =>
            {
                var ys = new Span<float>((void*)yAddr, yLength);
                var xs = new ReadOnlySpan<float>((void*)xAddr, xLength);
                if (splitRows)
                {
                    int r0 = Math.Min(n, t * rowsPer);
                    int r1 = Math.Min(n, r0 + rowsPer);
                    Run(ys, xs, packed, r0, r1, 0, pairs, path);
                }
                else
                {
                    int q0 = Math.Min(pairs, t * pairsPer);
                    int q1 = Math.Min(pairs, q0 + pairsPer);
                    Run(ys, xs, packed, 0, n, q0, q1, path);
                }
            });
        }
    }

    private static DenseKernelPath Resolve(DenseKernelPath path)
    {
        if (path == DenseKernelPath.Auto)
        {
            // 128-bit only with a hardware FMA (always on arm64): without one the runtime emulates
            // vector FMA lane by lane, slower than the scalar path (same bits).
            return Vector512.IsHardwareAccelerated ? DenseKernelPath.Vector512
                : Vector256.IsHardwareAccelerated ? DenseKernelPath.Vector256
                : Vector128.IsHardwareAccelerated && (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) ? DenseKernelPath.Vector128
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
    /// <remarks>
    /// Kernels always store whole panel pairs (32 outputs per row) and make no calls, so the JIT
    /// keeps every accumulator in a register; a pair that runs past H is computed into a scratch
    /// block and only its real outputs are copied.
    /// </remarks>
    private static void Run(Span<float> y, ReadOnlySpan<float> x, PackedDenseWeights packed, int r0, int r1, int q0, int q1, DenseKernelPath path)
    {
        int d = packed.D;
        int h = packed.H;
        ref float yRef = ref MemoryMarshal.GetReference(y);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float panels = ref MemoryMarshal.GetReference(packed.Panels);
        ref float bias = ref MemoryMarshal.GetReference(packed.Bias);
        int panelStride = d * Pw;
        int blockRows = path switch { DenseKernelPath.Vector512 => BlockRows512, DenseKernelPath.Vector256 or DenseKernelPath.Vector128 => 2, _ => 1 };
        Span<float> scratch = stackalloc float[BlockRows512 * 2 * Pw];
        ref float scratchRef = ref MemoryMarshal.GetReference(scratch);
        const int ScratchStride = 2 * Pw;

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
                        ref float xi = ref Unsafe.Add(ref xRef, (nint)i * d);
                        bool full = valid == 2 * Pw;
                        ref float dst = ref full ? ref Unsafe.Add(ref yRef, ((nint)i * h) + j0) : ref scratchRef;
                        int ldy = full ? h : ScratchStride;
                        if (path == DenseKernelPath.Vector512)
                        {
                            Kernel512Rows8Pair(ref dst, ldy, ref xi, d, ref panel, ref bq);
                        }
                        else if (path == DenseKernelPath.Vector256)
                        {
                            Kernel256Rows2Pair(ref dst, ldy, ref xi, d, ref panel, ref bq);
                        }
                        else
                        {
                            Kernel128Rows2Panel(ref dst, ldy, ref xi, d, ref panel, ref bq);
                            Kernel128Rows2Panel(ref Unsafe.Add(ref dst, Pw), ldy, ref xi, d, ref Unsafe.Add(ref panel, panelStride), ref Unsafe.Add(ref bq, Pw));
                        }

                        if (!full)
                        {
                            for (int r = 0; r < blockRows; r++)
                            {
                                scratch.Slice(r * ScratchStride, valid).CopyTo(y.Slice(((i + r) * h) + j0, valid));
                            }
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
                    for (; q + 4 <= q1 && (q + 4) * 2 * Pw <= h; q += 4)
                    {
                        int j0 = q * 2 * Pw;
                        Kernel512Row1Pairs4(ref Unsafe.Add(ref yRef, ((nint)i * h) + j0), ref xi, d, ref Unsafe.Add(ref panels, (nint)q * 2 * panelStride), ref Unsafe.Add(ref bias, j0));
                    }
                }
                else if (path == DenseKernelPath.Vector256)
                {
                    for (; q + 2 <= q1 && (q + 2) * 2 * Pw <= h; q += 2)
                    {
                        int j0 = q * 2 * Pw;
                        Kernel256Row1Pairs2(ref Unsafe.Add(ref yRef, ((nint)i * h) + j0), ref xi, d, ref Unsafe.Add(ref panels, (nint)q * 2 * panelStride), ref Unsafe.Add(ref bias, j0));
                    }
                }

                for (; q < q1; q++)
                {
                    int j0 = q * 2 * Pw;
                    int valid = Math.Min(2 * Pw, h - j0);
                    bool full = valid == 2 * Pw;
                    ref float dst = ref full ? ref Unsafe.Add(ref yRef, ((nint)i * h) + j0) : ref scratchRef;
                    ref float panel = ref Unsafe.Add(ref panels, (nint)q * 2 * panelStride);
                    ref float bq = ref Unsafe.Add(ref bias, j0);
                    if (path == DenseKernelPath.Vector512)
                    {
                        Kernel512Row1Pair(ref dst, ref xi, d, ref panel, ref bq);
                    }
                    else if (path == DenseKernelPath.Vector256)
                    {
                        Kernel256Row1Pair(ref dst, ref xi, d, ref panel, ref bq);
                    }
                    else if (path == DenseKernelPath.Vector128)
                    {
                        Kernel128Row1Pair(ref dst, ref xi, d, ref panel, ref bq);
                    }
                    else
                    {
                        KernelScalarRow1Pair(ref dst, ref xi, d, ref panel, ref bq, valid);
                    }

                    if (!full)
                    {
                        scratch[..valid].CopyTo(y.Slice((i * h) + j0, valid));
                    }
                }
            }
        }
    }

    // ---- 512-bit kernels: one vector = one panel of 16 outputs ----

    /// <summary>
    /// Rows i..i+7 × outputs j0..j0+31, each from its bias over k = 0 … d−1 in order. 16 of the 32
    /// AVX-512 registers hold accumulators; each weight vector loaded feeds 8 multiply-adds, each
    /// broadcast input 2.
    /// </summary>
    private static void Kernel512Rows8Pair(ref float y, int ldy, ref float x, int d, ref float panel, ref float bias)
    {
        nint stride = (nint)d * Pw;
        nint ld = ldy;
        var b0 = Vector512.LoadUnsafe(ref bias);
        var b1 = Vector512.LoadUnsafe(ref bias, Pw);
        Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1,
            a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1;
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        nint dd = d;
        for (nint k = 0; k < dd; k++)
        {
            var w0 = Vector512.LoadUnsafe(ref panel, (nuint)(k * Pw));
            var w1 = Vector512.LoadUnsafe(ref p1, (nuint)(k * Pw));
            var v = Vector512.Create(Unsafe.Add(ref x, k));
            a00 = NumericsContract.MulAdd(v, w0, a00);
            a01 = NumericsContract.MulAdd(v, w1, a01);
            v = Vector512.Create(Unsafe.Add(ref x, dd + k));
            a10 = NumericsContract.MulAdd(v, w0, a10);
            a11 = NumericsContract.MulAdd(v, w1, a11);
            v = Vector512.Create(Unsafe.Add(ref x, (2 * dd) + k));
            a20 = NumericsContract.MulAdd(v, w0, a20);
            a21 = NumericsContract.MulAdd(v, w1, a21);
            v = Vector512.Create(Unsafe.Add(ref x, (3 * dd) + k));
            a30 = NumericsContract.MulAdd(v, w0, a30);
            a31 = NumericsContract.MulAdd(v, w1, a31);
            v = Vector512.Create(Unsafe.Add(ref x, (4 * dd) + k));
            a40 = NumericsContract.MulAdd(v, w0, a40);
            a41 = NumericsContract.MulAdd(v, w1, a41);
            v = Vector512.Create(Unsafe.Add(ref x, (5 * dd) + k));
            a50 = NumericsContract.MulAdd(v, w0, a50);
            a51 = NumericsContract.MulAdd(v, w1, a51);
            v = Vector512.Create(Unsafe.Add(ref x, (6 * dd) + k));
            a60 = NumericsContract.MulAdd(v, w0, a60);
            a61 = NumericsContract.MulAdd(v, w1, a61);
            v = Vector512.Create(Unsafe.Add(ref x, (7 * dd) + k));
            a70 = NumericsContract.MulAdd(v, w0, a70);
            a71 = NumericsContract.MulAdd(v, w1, a71);
        }

        a00.StoreUnsafe(ref y);
        a01.StoreUnsafe(ref y, Pw);
        a10.StoreUnsafe(ref Unsafe.Add(ref y, ld));
        a11.StoreUnsafe(ref Unsafe.Add(ref y, ld + Pw));
        a20.StoreUnsafe(ref Unsafe.Add(ref y, 2 * ld));
        a21.StoreUnsafe(ref Unsafe.Add(ref y, (2 * ld) + Pw));
        a30.StoreUnsafe(ref Unsafe.Add(ref y, 3 * ld));
        a31.StoreUnsafe(ref Unsafe.Add(ref y, (3 * ld) + Pw));
        a40.StoreUnsafe(ref Unsafe.Add(ref y, 4 * ld));
        a41.StoreUnsafe(ref Unsafe.Add(ref y, (4 * ld) + Pw));
        a50.StoreUnsafe(ref Unsafe.Add(ref y, 5 * ld));
        a51.StoreUnsafe(ref Unsafe.Add(ref y, (5 * ld) + Pw));
        a60.StoreUnsafe(ref Unsafe.Add(ref y, 6 * ld));
        a61.StoreUnsafe(ref Unsafe.Add(ref y, (6 * ld) + Pw));
        a70.StoreUnsafe(ref Unsafe.Add(ref y, 7 * ld));
        a71.StoreUnsafe(ref Unsafe.Add(ref y, (7 * ld) + Pw));
    }

    private static void Kernel512Row1Pairs4(ref float y, ref float x, int d, ref float panel, ref float bias)
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

        a0.StoreUnsafe(ref y);
        a1.StoreUnsafe(ref y, Pw);
        a2.StoreUnsafe(ref y, 2 * Pw);
        a3.StoreUnsafe(ref y, 3 * Pw);
        a4.StoreUnsafe(ref y, 4 * Pw);
        a5.StoreUnsafe(ref y, 5 * Pw);
        a6.StoreUnsafe(ref y, 6 * Pw);
        a7.StoreUnsafe(ref y, 7 * Pw);
    }

    private static void Kernel512Row1Pair(ref float y, ref float x, int d, ref float panel, ref float bias)
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

        a0.StoreUnsafe(ref y);
        a1.StoreUnsafe(ref y, Pw);
    }

    // ---- 256-bit kernels: a panel is two vectors (lanes 0–7 and 8–15) ----

    private static void Kernel256Rows2Pair(ref float y, int ldy, ref float x, int d, ref float panel, ref float bias)
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

        Store256(ref y, a00, a01, a02, a03);
        Store256(ref Unsafe.Add(ref y, ldy), a10, a11, a12, a13);
    }

    private static void Kernel256Row1Pairs2(ref float y, ref float x, int d, ref float panel, ref float bias)
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

        Store256(ref y, a0, a1, a2, a3);
        Store256(ref Unsafe.Add(ref y, 2 * Pw), a4, a5, a6, a7);
    }

    private static void Kernel256Row1Pair(ref float y, ref float x, int d, ref float panel, ref float bias)
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

        Store256(ref y, a0, a1, a2, a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref float y, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
    {
        a0.StoreUnsafe(ref y);
        a1.StoreUnsafe(ref y, 8);
        a2.StoreUnsafe(ref y, 16);
        a3.StoreUnsafe(ref y, 24);
    }

    // ---- 128-bit kernels: a panel is four vectors (lanes 0–3, 4–7, 8–11, 12–15) ----

    /// <summary>
    /// Rows i, i+1 × one panel (16 outputs): 8 accumulators, so the 16 SSE registers of x64 hold
    /// them with the weights and broadcasts; each weight vector feeds two rows.
    /// </summary>
    private static void Kernel128Rows2Panel(ref float y, int ldy, ref float x, int d, ref float panel, ref float bias)
    {
        var b0 = Vector128.LoadUnsafe(ref bias);
        var b1 = Vector128.LoadUnsafe(ref bias, 4);
        var b2 = Vector128.LoadUnsafe(ref bias, 8);
        var b3 = Vector128.LoadUnsafe(ref bias, 12);
        Vector128<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        ref float x1 = ref Unsafe.Add(ref x, d);
        for (nint k = 0; k < d; k++)
        {
            nuint o = (nuint)(k * Pw);
            var w0 = Vector128.LoadUnsafe(ref panel, o);
            var w1 = Vector128.LoadUnsafe(ref panel, o + 4);
            var w2 = Vector128.LoadUnsafe(ref panel, o + 8);
            var w3 = Vector128.LoadUnsafe(ref panel, o + 12);
            var v = Vector128.Create(Unsafe.Add(ref x, k));
            a00 = NumericsContract.MulAdd(v, w0, a00);
            a01 = NumericsContract.MulAdd(v, w1, a01);
            a02 = NumericsContract.MulAdd(v, w2, a02);
            a03 = NumericsContract.MulAdd(v, w3, a03);
            v = Vector128.Create(Unsafe.Add(ref x1, k));
            a10 = NumericsContract.MulAdd(v, w0, a10);
            a11 = NumericsContract.MulAdd(v, w1, a11);
            a12 = NumericsContract.MulAdd(v, w2, a12);
            a13 = NumericsContract.MulAdd(v, w3, a13);
        }

        Store128(ref y, a00, a01, a02, a03);
        Store128(ref Unsafe.Add(ref y, ldy), a10, a11, a12, a13);
    }

    /// <summary>One row × a panel pair (32 outputs): 8 accumulators.</summary>
    private static void Kernel128Row1Pair(ref float y, ref float x, int d, ref float panel, ref float bias)
    {
        nint stride = (nint)d * Pw;
        Vector128<float> a0 = Vector128.LoadUnsafe(ref bias), a1 = Vector128.LoadUnsafe(ref bias, 4),
            a2 = Vector128.LoadUnsafe(ref bias, 8), a3 = Vector128.LoadUnsafe(ref bias, 12),
            a4 = Vector128.LoadUnsafe(ref bias, 16), a5 = Vector128.LoadUnsafe(ref bias, 20),
            a6 = Vector128.LoadUnsafe(ref bias, 24), a7 = Vector128.LoadUnsafe(ref bias, 28);
        ref float p1 = ref Unsafe.Add(ref panel, stride);
        for (nint k = 0; k < d; k++)
        {
            var v = Vector128.Create(Unsafe.Add(ref x, k));
            nuint o = (nuint)(k * Pw);
            a0 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref panel, o), a0);
            a1 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref panel, o + 4), a1);
            a2 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref panel, o + 8), a2);
            a3 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref panel, o + 12), a3);
            a4 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref p1, o), a4);
            a5 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref p1, o + 4), a5);
            a6 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref p1, o + 8), a6);
            a7 = NumericsContract.MulAdd(v, Vector128.LoadUnsafe(ref p1, o + 12), a7);
        }

        Store128(ref y, a0, a1, a2, a3);
        Store128(ref Unsafe.Add(ref y, Pw), a4, a5, a6, a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store128(ref float y, Vector128<float> a0, Vector128<float> a1, Vector128<float> a2, Vector128<float> a3)
    {
        a0.StoreUnsafe(ref y);
        a1.StoreUnsafe(ref y, 4);
        a2.StoreUnsafe(ref y, 8);
        a3.StoreUnsafe(ref y, 12);
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
