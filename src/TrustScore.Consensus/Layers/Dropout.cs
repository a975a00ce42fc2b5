using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// Inverted dropout (Keras semantics, runbook §1.3): during training each unit is kept when its
/// uniform draw u ≥ rate and then scaled by 1/(1 − rate) (rounded to float32 once); at
/// inference dropout is the identity. Draws come from the owned <see cref="CounterRng"/>, one
/// counter per element, so the mask depends only on (seed, epoch, step, layer, index).
/// </summary>
public static class Dropout
{
    /// <summary>mask[c] = u(c) ≥ rate ? 1/(1 − rate) : 0, with u(c) = <c>rng.Uniform(c)</c>.</summary>
    /// <param name="mask">Output mask [N·H].</param>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="rng">Generator keyed for this layer and step.</param>
    public static void FillMask(Span<float> mask, float rate, CounterRng rng)
    {
        float scale = 1f / (1f - rate);
        for (int c = 0; c < mask.Length; c++)
        {
            mask[c] = rng.Uniform((ulong)c) >= rate ? scale : 0f;
        }
    }

    /// <summary>y[c] = x[c]·mask[c]. May run in place.</summary>
    /// <param name="y">Output.</param>
    /// <param name="x">Input.</param>
    /// <param name="mask">Mask from <see cref="FillMask"/>.</param>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> mask)
    {
        for (int c = 0; c < x.Length; c++)
        {
            y[c] = x[c] * mask[c];
        }
    }

    /// <summary>dx[c] = fma(dy[c], mask[c], dx[c]).</summary>
    /// <param name="dx">Input gradient (accumulated).</param>
    /// <param name="dy">Output gradient.</param>
    /// <param name="mask">Mask used in the forward pass.</param>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> mask)
    {
        for (int c = 0; c < dy.Length; c++)
        {
            dx[c] = NumericsContract.MulAdd(dy[c], mask[c], dx[c]);
        }
    }
}
