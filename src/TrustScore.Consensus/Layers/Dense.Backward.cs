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

        const int Block = 32;
        for (int r0 = 0; r0 < rows; r0 += Block)
        {
            int r1 = Math.Min(rows, r0 + Block);
            for (int c0 = 0; c0 < cols; c0 += Block)
            {
                int c1 = Math.Min(cols, c0 + Block);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        dst[(c * rows) + r] = src[(r * cols) + c];
                    }
                }
            }
        }
    }
}
