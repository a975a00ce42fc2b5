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
        variance[..h].Clear();
        ColumnSums.Accumulate(mean, x, n, h);
        for (int j = 0; j < h; j++)
        {
            mean[j] /= count;
        }

        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (int j = 0; j < h; j++)
            {
                float centred = x[row + j] - mean[j];
                variance[j] = NumericsContract.MulAdd(centred, centred, variance[j]);
            }
        }

        for (int j = 0; j < h; j++)
        {
            variance[j] /= count;
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
        for (int j = 0; j < movingMean.Length; j++)
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

        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (int j = 0; j < h; j++)
            {
                float normalised = (x[row + j] - movingMean[j]) * invStd[j];
                y[row + j] = NumericsContract.MulAdd(gamma[j], normalised, beta[j]);
            }
        }
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
        sumG.Clear();
        sumGxHat.Clear();
        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (int j = 0; j < h; j++)
            {
                float g = dy[row + j] * gamma[j];
                dBeta[j] += dy[row + j];
                dGamma[j] = NumericsContract.MulAdd(dy[row + j], xHat[row + j], dGamma[j]);
                sumG[j] += g;
                sumGxHat[j] = NumericsContract.MulAdd(g, xHat[row + j], sumGxHat[j]);
            }
        }

        float count = n;
        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (int j = 0; j < h; j++)
            {
                float g = dy[row + j] * gamma[j];
                float scale = invStd[j] / count;
                float centred = NumericsContract.MulAdd(-xHat[row + j], sumGxHat[j], NumericsContract.MulAdd(count, g, -sumG[j]));
                dx[row + j] = NumericsContract.MulAdd(scale, centred, dx[row + j]);
            }
        }
    }

    private static void Normalise(
        Span<float> y, Span<float> xHat, ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, int n, int h)
    {
        for (int i = 0; i < n; i++)
        {
            int row = i * h;
            for (int j = 0; j < h; j++)
            {
                float normalised = (x[row + j] - mean[j]) * invStd[j];
                xHat[row + j] = normalised;
                y[row + j] = NumericsContract.MulAdd(gamma[j], normalised, beta[j]);
            }
        }
    }
}
