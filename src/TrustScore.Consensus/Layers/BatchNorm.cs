using System.Numerics;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// Batch normalisation with Keras semantics (runbook §1.3; docs/numerics-training.md):
/// ε = 1e-3 by default, biased batch variance, learned γ/β, moving statistics updated as
/// <c>moving = moving·momentum + batch·(1 − momentum)</c> and used for inference.
/// One written order per column j (docs/numerics-training.md §3), fma = the contract's fused
/// multiply-add: mean = (((x[0,j] + x[1,j]) + …) + x[N-1,j]) / N; v = 0, then for each row
/// c = x − mean, v = fma(c, c, v); var = v / N; inv = 1 / √(var + ε); x̂ = (x − mean)·inv;
/// y = fma(γ, x̂, β). Sums run in ascending row order.
/// The vector loops put one column in each lane and run the same operations in the same row
/// order as the scalar tails, so lane width never changes a bit; FMA vectors are used only where
/// the CPU has a fused multiply-add instruction (without one, the scalar path gives the same bits).
/// </summary>
/// <remarks>N = batch rows, H = features (columns). Tensors are row-major [N, H].</remarks>
public static class BatchNorm
{
    /// <summary>Training-mode forward pass: normalises with the batch's own statistics.</summary>
    /// <param name="y">[N, H] output.</param>
    /// <param name="xHat">[N, H] normalised input, kept for the backward pass.</param>
    /// <param name="mean">[H] batch mean (output).</param>
    /// <param name="variance">[H] biased batch variance (output).</param>
    /// <param name="invStd">[H] 1/√(variance + ε) (output, kept for the backward pass).</param>
    /// <param name="x">[N, H] input.</param>
    /// <param name="gamma">[H] scale γ.</param>
    /// <param name="beta">[H] offset β.</param>
    /// <param name="n">Rows N (at least 1).</param>
    /// <param name="h">Columns H.</param>
    /// <param name="epsilon">ε.</param>
    public static void ForwardTraining(
        Span<float> y, Span<float> xHat, Span<float> mean, Span<float> variance, Span<float> invStd,
        ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, int n, int h, float epsilon)
    {
        float count = n;
        mean[..h].Clear();
        ColumnSums.Accumulate(mean, x, n, h);
        int j = 0;
        if (VectorFma)
        {
            int w = Vector<float>.Count;
            var vCount = new Vector<float>(count);
            var vEpsilon = new Vector<float>(epsilon);
            for (; j + w <= h; j += w)
            {
                var m = new Vector<float>(mean.Slice(j, w)) / vCount;
                var v = Vector<float>.Zero;
                for (int i = 0; i < n; i++)
                {
                    var centred = new Vector<float>(x.Slice((i * h) + j, w)) - m;
                    v = Vector.FusedMultiplyAdd(centred, centred, v);
                }

                v /= vCount;
                m.CopyTo(mean.Slice(j, w));
                v.CopyTo(variance.Slice(j, w));
                (Vector<float>.One / Vector.SquareRoot(v + vEpsilon)).CopyTo(invStd.Slice(j, w));
            }
        }

        for (; j < h; j++)
        {
            float m = mean[j] / count;
            float v = 0f;
            for (int i = 0; i < n; i++)
            {
                float centred = x[(i * h) + j] - m;
                v = NumericsContract.MulAdd(centred, centred, v);
            }

            mean[j] = m;
            variance[j] = v / count;
            invStd[j] = 1f / MathF.Sqrt(variance[j] + epsilon);
        }

        Normalise(y, xHat, x, mean, invStd, gamma, beta, n, h);
    }

    /// <summary>
    /// Moves the running statistics towards the batch's:
    /// moving = fma(batch, 1 − momentum, moving·momentum), with (1 − momentum) rounded to float32 once.
    /// </summary>
    /// <param name="movingMean">[H] running mean (updated).</param>
    /// <param name="movingVariance">[H] running variance (updated).</param>
    /// <param name="mean">[H] batch mean.</param>
    /// <param name="variance">[H] batch variance.</param>
    /// <param name="momentum">Momentum (Keras default 0.99).</param>
    public static void UpdateMovingStatistics(Span<float> movingMean, Span<float> movingVariance, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float momentum)
    {
        float rest = 1f - momentum;
        int j = 0;
        if (VectorFma)
        {
            int w = Vector<float>.Count;
            var vRest = new Vector<float>(rest);
            var vMomentum = new Vector<float>(momentum);
            for (; j + w <= movingMean.Length; j += w)
            {
                Vector.FusedMultiplyAdd(new Vector<float>(mean.Slice(j, w)), vRest, new Vector<float>(movingMean.Slice(j, w)) * vMomentum).CopyTo(movingMean.Slice(j, w));
                Vector.FusedMultiplyAdd(new Vector<float>(variance.Slice(j, w)), vRest, new Vector<float>(movingVariance.Slice(j, w)) * vMomentum).CopyTo(movingVariance.Slice(j, w));
            }
        }

        for (; j < movingMean.Length; j++)
        {
            movingMean[j] = NumericsContract.MulAdd(mean[j], rest, movingMean[j] * momentum);
            movingVariance[j] = NumericsContract.MulAdd(variance[j], rest, movingVariance[j] * momentum);
        }
    }

    /// <summary>Inference forward pass with the moving statistics.</summary>
    /// <param name="y">[N, H] output.</param>
    /// <param name="x">[N, H] input.</param>
    /// <param name="gamma">[H] scale γ.</param>
    /// <param name="beta">[H] offset β.</param>
    /// <param name="movingMean">[H] running mean.</param>
    /// <param name="movingVariance">[H] running variance.</param>
    /// <param name="n">Rows N.</param>
    /// <param name="h">Columns H.</param>
    /// <param name="epsilon">ε.</param>
    public static void ForwardInference(
        Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance, int n, int h, float epsilon)
    {
        Span<float> invStd = h <= 1024 ? stackalloc float[h] : new float[h];
        for (int j = 0; j < h; j++)
        {
            invStd[j] = 1f / MathF.Sqrt(movingVariance[j] + epsilon);
        }

        Normalise(y, default, x, movingMean, invStd, gamma, beta, n, h);
    }

    /// <summary>
    /// Backward pass of the training-mode forward. With g = dy·γ, per column j, in ascending i
    /// after the existing values: dβ += dy; dγ = fma(dy, x̂, dγ); S = Σ g (adds); T = fma(g, x̂, T)
    /// from 0. Then dx = fma(inv / N, fma(−x̂, T, fma(N, g, −S)), dx).
    /// </summary>
    /// <param name="dx">[N, H] input gradient (accumulated).</param>
    /// <param name="dGamma">[H] γ gradient (accumulated).</param>
    /// <param name="dBeta">[H] β gradient (accumulated).</param>
    /// <param name="dy">[N, H] output gradient.</param>
    /// <param name="xHat">[N, H] normalised input from the forward pass.</param>
    /// <param name="gamma">[H] scale γ.</param>
    /// <param name="invStd">[H] 1/√(var + ε) from the forward pass.</param>
    /// <param name="n">Rows N.</param>
    /// <param name="h">Columns H.</param>
    public static void Backward(
        Span<float> dx, Span<float> dGamma, Span<float> dBeta, ReadOnlySpan<float> dy, ReadOnlySpan<float> xHat,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> invStd, int n, int h)
    {
        Span<float> sumG = h <= 1024 ? stackalloc float[h] : new float[h];
        Span<float> sumGxHat = h <= 1024 ? stackalloc float[h] : new float[h];
        float count = n;
        int j = 0;
        if (VectorFma)
        {
            int w = Vector<float>.Count;
            var vCount = new Vector<float>(count);
            for (; j + w <= h; j += w)
            {
                var gam = new Vector<float>(gamma.Slice(j, w));
                var db = new Vector<float>(dBeta.Slice(j, w));
                var dg = new Vector<float>(dGamma.Slice(j, w));
                var sg = Vector<float>.Zero;
                var sgx = Vector<float>.Zero;
                for (int i = 0; i < n; i++)
                {
                    var d = new Vector<float>(dy.Slice((i * h) + j, w));
                    var xh = new Vector<float>(xHat.Slice((i * h) + j, w));
                    var g = d * gam;
                    db += d;
                    dg = Vector.FusedMultiplyAdd(d, xh, dg);
                    sg += g;
                    sgx = Vector.FusedMultiplyAdd(g, xh, sgx);
                }

                db.CopyTo(dBeta.Slice(j, w));
                dg.CopyTo(dGamma.Slice(j, w));
                var scale = new Vector<float>(invStd.Slice(j, w)) / vCount;
                var negSum = -sg;
                for (int i = 0; i < n; i++)
                {
                    var dxi = dx.Slice((i * h) + j, w);
                    var xh = new Vector<float>(xHat.Slice((i * h) + j, w));
                    var g = new Vector<float>(dy.Slice((i * h) + j, w)) * gam;
                    var centred = Vector.FusedMultiplyAdd(-xh, sgx, Vector.FusedMultiplyAdd(vCount, g, negSum));
                    Vector.FusedMultiplyAdd(scale, centred, new Vector<float>(dxi)).CopyTo(dxi);
                }
            }
        }

        // Scalar path for the remaining columns (all of them without vector FMA), same order.
        int first = j;
        sumG.Clear();
        sumGxHat.Clear();
        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (j = first; j < h; j++)
            {
                float g = dy[row + j] * gamma[j];
                dBeta[j] += dy[row + j];
                dGamma[j] = NumericsContract.MulAdd(dy[row + j], xHat[row + j], dGamma[j]);
                sumG[j] += g;
                sumGxHat[j] = NumericsContract.MulAdd(g, xHat[row + j], sumGxHat[j]);
            }
        }

        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (j = first; j < h; j++)
            {
                float g = dy[row + j] * gamma[j];
                float scale = invStd[j] / count;
                float centred = NumericsContract.MulAdd(-xHat[row + j], sumGxHat[j], NumericsContract.MulAdd(count, g, -sumG[j]));
                dx[row + j] = NumericsContract.MulAdd(scale, centred, dx[row + j]);
            }
        }
    }

    /// <summary>Vector FMA only where the CPU has the instruction (the runtime would emulate it lane by lane).</summary>
    private static bool VectorFma => Vector.IsHardwareAccelerated && (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported);

    /// <summary>x̂ = (x − mean)·inv (kept in <paramref name="xHat"/> unless it is empty); y = fma(γ, x̂, β).</summary>
    private static void Normalise(
        Span<float> y, Span<float> xHat, ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, int n, int h)
    {
        bool keep = !xHat.IsEmpty;
        int j = 0;
        if (VectorFma)
        {
            int w = Vector<float>.Count;
            for (; j + w <= h; j += w)
            {
                var m = new Vector<float>(mean.Slice(j, w));
                var inv = new Vector<float>(invStd.Slice(j, w));
                var gam = new Vector<float>(gamma.Slice(j, w));
                var bet = new Vector<float>(beta.Slice(j, w));
                for (int i = 0; i < n; i++)
                {
                    int at = (i * h) + j;
                    var normalised = (new Vector<float>(x.Slice(at, w)) - m) * inv;
                    if (keep)
                    {
                        normalised.CopyTo(xHat.Slice(at, w));
                    }

                    Vector.FusedMultiplyAdd(gam, normalised, bet).CopyTo(y.Slice(at, w));
                }
            }
        }

        int first = j;
        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (j = first; j < h; j++)
            {
                float normalised = (x[row + j] - mean[j]) * invStd[j];
                if (keep)
                {
                    xHat[row + j] = normalised;
                }

                y[row + j] = NumericsContract.MulAdd(gamma[j], normalised, beta[j]);
            }
        }
    }
}
