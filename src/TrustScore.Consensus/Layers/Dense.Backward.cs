using System.Runtime.Intrinsics.X86;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// Training half of the dense layer (runbook §1.3): the forward pass on the kernel layout
/// training keeps (Keras layout, <c>kernel [D, H]</c>), and the two backward passes. Every sum
/// goes through <see cref="RowMatmul"/> in ascending order of its summed index, one fused
/// multiply-add per term (as in inference), so results are identical for any thread count and
/// CPU (docs/numerics-training.md §2).
/// Backward passes accumulate (<c>+=</c>) into their gradient buffers; zeroing is the caller's
/// explicit step. Why training kernels are public in this project: docs/numerics-training.md §2.
/// </summary>
/// <remarks>N = batch rows, D = input width, H = output width.</remarks>
public static partial class Dense
{
    /// <summary>
    /// y[i, j] = b[j] + Σ_{k=0..D-1} x[i, k]·kernel[k, j], summed in ascending k: the forward pass
    /// on the <c>[D, H]</c> kernel layout (bit-identical to <see cref="Forward"/> on the transpose).
    /// </summary>
    /// <param name="y">[N, H] output.</param>
    /// <param name="x">[N, D] input.</param>
    /// <param name="kernel">[D, H] weights (the transpose of the inference layout w [H, D]).</param>
    /// <param name="b">[H] bias.</param>
    /// <param name="n">Rows N.</param>
    /// <param name="d">Input width D.</param>
    /// <param name="h">Output width H.</param>
    /// <param name="threads">Worker threads (splits columns or rows of y only).</param>
    public static void ForwardKernelLayout(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> b, int n, int d, int h, int threads = 1) =>
        RowMatmul.Run(y, b, 0, x, kernel, n, d, h, threads);

    /// <summary>
    /// dx[i, k] += Σ_{j=0..H-1} dy[i, j]·w[j, k], summed in ascending j after the existing dx.
    /// </summary>
    /// <param name="dx">[N, D] input gradient (accumulated).</param>
    /// <param name="dy">[N, H] output gradient.</param>
    /// <param name="w">[H, D] weights in inference layout (the transpose of the training kernel).</param>
    /// <param name="n">Rows N.</param>
    /// <param name="d">Input width D.</param>
    /// <param name="h">Output width H.</param>
    /// <param name="threads">Worker threads (splits columns or rows of dx only).</param>
    public static void BackwardInput(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, int n, int d, int h, int threads = 1) =>
        RowMatmul.Run(dx, dx, d, dy, w, n, h, d, threads);

    /// <summary>
    /// dKernel[k, j] += Σ_{i=0..N-1} xT[k, i]·dy[i, j] (ascending i, after the existing value);
    /// db[j] += dy[0, j] + dy[1, j] + … + dy[N-1, j] (ascending i, after the existing value).
    /// </summary>
    /// <param name="dKernel">[D, H] kernel gradient (accumulated).</param>
    /// <param name="db">[H] bias gradient (accumulated).</param>
    /// <param name="dy">[N, H] output gradient.</param>
    /// <param name="xTransposed">[D, N] the layer input, transposed (see <see cref="Transpose"/>).</param>
    /// <param name="n">Rows N.</param>
    /// <param name="d">Input width D.</param>
    /// <param name="h">Output width H.</param>
    /// <param name="threads">Worker threads (splits rows or columns of dKernel only).</param>
    public static void BackwardParameters(Span<float> dKernel, Span<float> db, ReadOnlySpan<float> dy, ReadOnlySpan<float> xTransposed, int n, int d, int h, int threads = 1)
    {
        RowMatmul.Run(dKernel, dKernel, h, xTransposed, dy, d, n, h, threads);
        ColumnSums.Accumulate(db, dy, n, h);
    }

    /// <summary>
    /// dx[i, k] = Σ_{j=0..H-1} dy[i, j]·w[j, k], summed in ascending j from +0: the same bits as
    /// <see cref="BackwardInput"/> into a cleared <paramref name="dx"/>, without clearing it first.
    /// </summary>
    /// <param name="dx">[N, D] input gradient (overwritten).</param>
    /// <param name="dy">[N, H] output gradient.</param>
    /// <param name="w">[H, D] weights in inference layout.</param>
    /// <param name="n">Rows N.</param>
    /// <param name="d">Input width D.</param>
    /// <param name="h">Output width H.</param>
    /// <param name="threads">Worker threads (splits columns or rows of dx only).</param>
    public static void InputGradient(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, int n, int d, int h, int threads = 1) =>
        RowMatmul.Run(dx, ZeroRow(d), 0, dy, w, n, h, d, threads);

    /// <summary>
    /// dKernel[k, j] = Σ_{i=0..N-1} xT[k, i]·dy[i, j] and db[j] = dy[0, j] + … + dy[N-1, j], each
    /// summed in ascending i from +0: the same bits as <see cref="BackwardParameters"/> into
    /// cleared buffers, without clearing the kernel gradient first.
    /// </summary>
    /// <param name="dKernel">[D, H] kernel gradient (overwritten).</param>
    /// <param name="db">[H] bias gradient (overwritten).</param>
    /// <param name="dy">[N, H] output gradient.</param>
    /// <param name="xTransposed">[D, N] the layer input, transposed (see <see cref="Transpose"/>).</param>
    /// <param name="n">Rows N.</param>
    /// <param name="d">Input width D.</param>
    /// <param name="h">Output width H.</param>
    /// <param name="threads">Worker threads (splits rows or columns of dKernel only).</param>
    public static void ParameterGradients(Span<float> dKernel, Span<float> db, ReadOnlySpan<float> dy, ReadOnlySpan<float> xTransposed, int n, int d, int h, int threads = 1)
    {
        RowMatmul.Run(dKernel, ZeroRow(h), 0, xTransposed, dy, d, n, h, threads);
        db[..h].Clear();
        ColumnSums.Accumulate(db, dy, n, h);
    }

    /// <summary>A shared all-zero row of at least <paramref name="length"/> floats (the +0 start of every sum; never written).</summary>
    private static float[] ZeroRow(int length)
    {
        var row = zeroRow;
        if (row.Length < length)
        {
            row = new float[Math.Max(length, 2 * row.Length)];
            zeroRow = row;
        }

        return row;
    }

    private static float[] zeroRow = new float[1024];

    /// <summary>dst[c, r] = src[r, c] (exact copy, no arithmetic).</summary>
    /// <param name="dst">[C, R] output.</param>
    /// <param name="src">[R, C] input.</param>
    /// <param name="rows">R.</param>
    /// <param name="cols">C.</param>
    public static void Transpose(Span<float> dst, ReadOnlySpan<float> src, int rows, int cols)
    {
        if (dst.Length < (long)rows * cols || src.Length < (long)rows * cols)
        {
            throw new ArgumentException("Transpose: a buffer is shorter than its shape.");
        }

        int r0 = 0;
        if (Avx.IsSupported && rows >= 8 && cols >= 8)
        {
            // 8×8 tiles moved through registers (pure data movement, so the bits are the scalar loop's).
            unsafe
            {
                fixed (float* pd = dst)
                fixed (float* ps = src)
                {
                    for (; r0 + 8 <= rows; r0 += 8)
                    {
                        int c0 = 0;
                        for (; c0 + 8 <= cols; c0 += 8)
                        {
                            Transpose8x8(ps + ((long)r0 * cols) + c0, cols, pd + ((long)c0 * rows) + r0, rows);
                        }

                        for (int r = r0; r < r0 + 8; r++)
                        {
                            for (int c = c0; c < cols; c++)
                            {
                                pd[((long)c * rows) + r] = ps[((long)r * cols) + c];
                            }
                        }
                    }
                }
            }
        }

        const int Block = 32;
        for (int rb = r0; rb < rows; rb += Block)
        {
            int r1 = Math.Min(rows, rb + Block);
            for (int c0 = 0; c0 < cols; c0 += Block)
            {
                int c1 = Math.Min(cols, c0 + Block);
                for (int r = rb; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        dst[(c * rows) + r] = src[(r * cols) + c];
                    }
                }
            }
        }
    }

    private static unsafe void Transpose8x8(float* src, int srcStride, float* dst, int dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + (2 * srcStride));
        var r3 = Avx.LoadVector256(src + (3 * srcStride));
        var r4 = Avx.LoadVector256(src + (4 * srcStride));
        var r5 = Avx.LoadVector256(src + (5 * srcStride));
        var r6 = Avx.LoadVector256(src + (6 * srcStride));
        var r7 = Avx.LoadVector256(src + (7 * srcStride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + (2 * dstStride), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + (3 * dstStride), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + (4 * dstStride), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + (5 * dstStride), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + (6 * dstStride), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + (7 * dstStride), Avx.Permute2x128(u3, u7, 0x31));
    }
}
