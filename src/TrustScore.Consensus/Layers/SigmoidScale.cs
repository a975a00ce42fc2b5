using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// The output head (runbook §1.3): y = scale·σ(z) with σ from <see cref="ExpApprox.Sigmoid(float)"/>
/// (no platform exp). Backward: dz = fma((dy·scale)·s, 1 − s, dz).
/// </summary>
public static class SigmoidScale
{
    /// <summary>s[i] = σ(z[i]); y[i] = s[i]·scale.</summary>
    /// <param name="y">[N] output on the 0–scale range.</param>
    /// <param name="s">[N] σ(z), kept for the backward pass.</param>
    /// <param name="z">[N] logits.</param>
    /// <param name="scale">Output scale (100 for the trust score).</param>
    public static void Forward(Span<float> y, Span<float> s, ReadOnlySpan<float> z, float scale)
    {
        for (int i = 0; i < z.Length; i++)
        {
            float sig = ExpApprox.Sigmoid(z[i]);
            s[i] = sig;
            y[i] = sig * scale;
        }
    }

    /// <summary>dz[i] = fma((dy[i]·scale)·s[i], 1 − s[i], dz[i]).</summary>
    /// <param name="dz">[N] logit gradient (accumulated).</param>
    /// <param name="dy">[N] output gradient.</param>
    /// <param name="s">[N] σ(z) from the forward pass.</param>
    /// <param name="scale">Output scale.</param>
    public static void Backward(Span<float> dz, ReadOnlySpan<float> dy, ReadOnlySpan<float> s, float scale)
    {
        for (int i = 0; i < dy.Length; i++)
        {
            dz[i] = NumericsContract.MulAdd(dy[i] * scale * s[i], 1f - s[i], dz[i]);
        }
    }
}
