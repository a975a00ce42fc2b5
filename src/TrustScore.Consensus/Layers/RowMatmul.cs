using System.Runtime.CompilerServices;
using static TrustScore.Consensus.Layers.Lanes;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// The one matrix kernel behind every dense forward and backward pass of training:
/// <code>acc = init[r, c]; for p = 0 .. P-1: acc = fma(a[r, p], b[p, c], acc); out[r, c] = acc</code>
/// strictly in ascending p, each step one fused multiply-add with one rounding
/// (<see cref="Numerics.NumericsContract.MulAdd(float, float, float)"/>), exactly the order of
/// <see cref="Dense.Forward"/>. Every output element owns its accumulator, so the result does not depend on
/// the lane width, the blocking, or the thread count: threads split rows or columns of
/// <c>out</c>, never the sum over p. <c>init</c> is either one row broadcast to every row (a
/// bias, row stride 0) or <c>out</c> itself (row stride C: the kernel accumulates).
/// </summary>
/// <remarks>Shapes: a [R, P], b [P, C], out [R, C]; R = rows, P = inner (summed), C = columns.</remarks>
internal static class RowMatmul
{
    /// <summary>Below this many multiply-adds a call runs on one thread (start-up costs more).</summary>
    private const long MinWorkPerThread = 1L << 16;

    /// <summary>Computes <paramref name="output"/> as described on the class.</summary>
    public static unsafe void Run(
        Span<float> output, ReadOnlySpan<float> init, int initRowStride, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        int rows, int inner, int cols, int threads, int laneWidth = 0)
    {
        if (rows == 0 || cols == 0)
        {
            return;
        }

        if (output.Length < (long)rows * cols || a.Length < (long)rows * inner || b.Length < (long)inner * cols
            || init.Length < ((long)(rows - 1) * initRowStride) + cols)
        {
            throw new ArgumentException("RowMatmul: a buffer is shorter than its shape.");
        }

        int width = laneWidth == 0 ? PreferredWidth : laneWidth;
        fixed (float* po = output)
        fixed (float* pi = init)
        fixed (float* pa = a)
        fixed (float* pb = b)
        {
            var job = new Job((nint)po, (nint)pi, initRowStride, (nint)pa, (nint)pb, rows, inner, cols, width);
            long work = (long)rows * inner * cols;
            int used = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Max(1, threads));
            if (used == 1)
            {
                job.Execute(0, rows, 0, cols);
                return;
            }

            // Work is cut into pieces that keep the register-blocked tile: column panels of whole
            // 4-vector blocks when there are at least two per thread, otherwise row panels of whole
            // 4-row blocks. (Cutting columns into pieces narrower than a 4-vector block sent them to
            // the one-accumulator tile, several times slower.) Threads take pieces from a shared
            // counter, so a thread the OS delays holds up only the piece it took; either way no sum is
            // divided between threads.
            int block = 4 * width;
            bool splitColumns = cols >= 2 * used * block;
            int pieces = splitColumns ? (cols + block - 1) / block : Math.Max(1, Math.Min(rows / 4, 4 * used));
            if (pieces == 1)
            {
                job.Execute(0, rows, 0, cols);
                return;
            }

            Parallel.For(0, pieces, new ParallelOptions { MaxDegreeOfParallelism = used }, t =>
            {
                if (splitColumns)
                {
                    job.Execute(0, rows, t * block, Math.Min(cols, (t + 1) * block));
                }
                else
                {
                    job.Execute(Chunk(rows, pieces, t, 4), Chunk(rows, pieces, t + 1, 4), 0, cols);
                }
            });
        }
    }

    /// <summary>
    /// The algorithmic reference: three plain loops in the written order, one thread, no
    /// vectors. <see cref="Run"/> must agree with it bit for bit (tests check every lane width).
    /// </summary>
    public static void RunNaive(Span<float> output, ReadOnlySpan<float> init, int initRowStride, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, int inner, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                float acc = init[(r * initRowStride) + c];
                for (int p = 0; p < inner; p++)
                {
                    acc = Numerics.NumericsContract.MulAdd(a[(r * inner) + p], b[(p * cols) + c], acc);
                }

                output[(r * cols) + c] = acc;
            }
        }
    }

    /// <summary>Start of chunk <paramref name="t"/> of <paramref name="total"/>, rounded to <paramref name="align"/>.</summary>
    private static int Chunk(int total, int parts, int t, int align)
    {
        if (t >= parts)
        {
            return total;
        }

        long start = (long)total * t / parts;
        return (int)Math.Min(total, start / align * align);
    }

    private readonly record struct Job(nint Output, nint Init, int InitStride, nint A, nint B, int Rows, int Inner, int Cols, int Width)
    {
        public unsafe void Execute(int r0, int r1, int c0, int c1)
        {
            var o = (float*)Output;
            var init = (float*)Init;
            var a = (float*)A;
            var b = (float*)B;
            int c = Width switch
            {
                16 => Columns<Lanes16>(o, init, InitStride, a, b, r0, r1, Inner, Cols, c0, c1),
                8 => Columns<Lanes8>(o, init, InitStride, a, b, r0, r1, Inner, Cols, c0, c1),
                4 => Columns<Lanes4>(o, init, InitStride, a, b, r0, r1, Inner, Cols, c0, c1),
                _ => c0,
            };
            Columns<Lanes1>(o, init, InitStride, a, b, r0, r1, Inner, Cols, c, c1);
        }
    }

    /// <summary>Covers whole vectors of columns in [c0, c1); returns where the vectors ended.</summary>
    private static unsafe int Columns<TL>(float* o, float* init, int initStride, float* a, float* b, int r0, int r1, int inner, int cols, int c0, int c1)
        where TL : struct, ILanes<TL>
    {
        int w = TL.Count;
        int c = c0;
        for (; c + (4 * w) <= c1; c += 4 * w)
        {
            int r = r0;
            for (; r + 4 <= r1; r += 4)
            {
                Tile4x4<TL>(o, init, initStride, a, b, r, inner, cols, c);
            }

            for (; r < r1; r++)
            {
                Tile1x4<TL>(o, init, initStride, a, b, r, inner, cols, c);
            }
        }

        for (; c + w <= c1; c += w)
        {
            for (int r = r0; r < r1; r++)
            {
                Tile1x1<TL>(o, init, initStride, a, b, r, inner, cols, c);
            }
        }

        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x4<TL>(float* o, float* init, int initStride, float* a, float* b, int r, int inner, int cols, int c)
        where TL : struct, ILanes<TL>
    {
        int w = TL.Count;
        float* i0 = init + ((long)r * initStride) + c;
        float* i1 = i0 + initStride;
        float* i2 = i1 + initStride;
        float* i3 = i2 + initStride;
        TL s00 = TL.Load(i0), s01 = TL.Load(i0 + w), s02 = TL.Load(i0 + (2 * w)), s03 = TL.Load(i0 + (3 * w));
        TL s10 = TL.Load(i1), s11 = TL.Load(i1 + w), s12 = TL.Load(i1 + (2 * w)), s13 = TL.Load(i1 + (3 * w));
        TL s20 = TL.Load(i2), s21 = TL.Load(i2 + w), s22 = TL.Load(i2 + (2 * w)), s23 = TL.Load(i2 + (3 * w));
        TL s30 = TL.Load(i3), s31 = TL.Load(i3 + w), s32 = TL.Load(i3 + (2 * w)), s33 = TL.Load(i3 + (3 * w));
        float* a0 = a + ((long)r * inner);
        float* a1 = a0 + inner;
        float* a2 = a1 + inner;
        float* a3 = a2 + inner;
        float* pb = b + c;
        for (int p = 0; p < inner; p++, pb += cols)
        {
            TL b0 = TL.Load(pb), b1 = TL.Load(pb + w), b2 = TL.Load(pb + (2 * w)), b3 = TL.Load(pb + (3 * w));
            TL x = TL.Splat(a0[p]);
            s00 = TL.MulAdd(s00, x, b0); s01 = TL.MulAdd(s01, x, b1); s02 = TL.MulAdd(s02, x, b2); s03 = TL.MulAdd(s03, x, b3);
            x = TL.Splat(a1[p]);
            s10 = TL.MulAdd(s10, x, b0); s11 = TL.MulAdd(s11, x, b1); s12 = TL.MulAdd(s12, x, b2); s13 = TL.MulAdd(s13, x, b3);
            x = TL.Splat(a2[p]);
            s20 = TL.MulAdd(s20, x, b0); s21 = TL.MulAdd(s21, x, b1); s22 = TL.MulAdd(s22, x, b2); s23 = TL.MulAdd(s23, x, b3);
            x = TL.Splat(a3[p]);
            s30 = TL.MulAdd(s30, x, b0); s31 = TL.MulAdd(s31, x, b1); s32 = TL.MulAdd(s32, x, b2); s33 = TL.MulAdd(s33, x, b3);
        }

        float* o0 = o + ((long)r * cols) + c;
        float* o1 = o0 + cols;
        float* o2 = o1 + cols;
        float* o3 = o2 + cols;
        TL.Store(o0, s00); TL.Store(o0 + w, s01); TL.Store(o0 + (2 * w), s02); TL.Store(o0 + (3 * w), s03);
        TL.Store(o1, s10); TL.Store(o1 + w, s11); TL.Store(o1 + (2 * w), s12); TL.Store(o1 + (3 * w), s13);
        TL.Store(o2, s20); TL.Store(o2 + w, s21); TL.Store(o2 + (2 * w), s22); TL.Store(o2 + (3 * w), s23);
        TL.Store(o3, s30); TL.Store(o3 + w, s31); TL.Store(o3 + (2 * w), s32); TL.Store(o3 + (3 * w), s33);
    }

    private static unsafe void Tile1x4<TL>(float* o, float* init, int initStride, float* a, float* b, int r, int inner, int cols, int c)
        where TL : struct, ILanes<TL>
    {
        int w = TL.Count;
        float* i0 = init + ((long)r * initStride) + c;
        TL s0 = TL.Load(i0), s1 = TL.Load(i0 + w), s2 = TL.Load(i0 + (2 * w)), s3 = TL.Load(i0 + (3 * w));
        float* a0 = a + ((long)r * inner);
        float* pb = b + c;
        for (int p = 0; p < inner; p++, pb += cols)
        {
            TL x = TL.Splat(a0[p]);
            s0 = TL.MulAdd(s0, x, TL.Load(pb));
            s1 = TL.MulAdd(s1, x, TL.Load(pb + w));
            s2 = TL.MulAdd(s2, x, TL.Load(pb + (2 * w)));
            s3 = TL.MulAdd(s3, x, TL.Load(pb + (3 * w)));
        }

        float* o0 = o + ((long)r * cols) + c;
        TL.Store(o0, s0); TL.Store(o0 + w, s1); TL.Store(o0 + (2 * w), s2); TL.Store(o0 + (3 * w), s3);
    }

    private static unsafe void Tile1x1<TL>(float* o, float* init, int initStride, float* a, float* b, int r, int inner, int cols, int c)
        where TL : struct, ILanes<TL>
    {
        TL s = TL.Load(init + ((long)r * initStride) + c);
        float* a0 = a + ((long)r * inner);
        float* pb = b + c;
        for (int p = 0; p < inner; p++, pb += cols)
        {
            s = TL.MulAdd(s, TL.Splat(a0[p]), TL.Load(pb));
        }

        TL.Store(o + ((long)r * cols) + c, s);
    }
}
