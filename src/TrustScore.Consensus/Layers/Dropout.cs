using System.Numerics;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// Inverted dropout (Keras semantics, runbook §1.3): during training each unit is kept when its
/// uniform draw u ≥ rate and then scaled by 1/(1 − rate) (rounded to float32 once); at
/// inference dropout is the identity. Draws come from the owned <see cref="CounterRng"/>, one
/// counter per element, so the mask depends only on (seed, epoch, step, layer, index).
/// Every operation is per element, so the vector loops (one element per lane, the same
/// operations as the scalar tail) give the scalar bits.
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
        rng.FillUniform(mask);
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            var vRate = new Vector<float>(rate);
            var vScale = new Vector<float>(scale);
            for (; c + w <= mask.Length; c += w)
            {
                var u = new Vector<float>(mask.Slice(c, w));
                Vector.ConditionalSelect(Vector.GreaterThanOrEqual(u, vRate), vScale, Vector<float>.Zero).CopyTo(mask.Slice(c, w));
            }
        }

        for (; c < mask.Length; c++)
        {
            mask[c] = mask[c] >= rate ? scale : 0f;
        }
    }

    /// <summary>y[c] = x[c]·mask[c]. May run in place.</summary>
    /// <param name="y">Output.</param>
    /// <param name="x">Input.</param>
    /// <param name="mask">Mask from <see cref="FillMask"/>.</param>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> mask)
    {
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; c + w <= x.Length; c += w)
            {
                (new Vector<float>(x.Slice(c, w)) * new Vector<float>(mask.Slice(c, w))).CopyTo(y.Slice(c, w));
            }
        }

        for (; c < x.Length; c++)
        {
            y[c] = x[c] * mask[c];
        }
    }

    /// <summary>
    /// ReLU then dropout in one pass: y[c] = (x[c] &gt; 0 ? x[c] : 0)·mask[c], the same bits as
    /// <see cref="Relu.Forward"/> followed by <see cref="Forward"/>.
    /// </summary>
    /// <param name="y">Output.</param>
    /// <param name="x">Pre-activation input.</param>
    /// <param name="mask">Mask from <see cref="FillMask"/>.</param>
    public static void ForwardRelu(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> mask)
    {
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; c + w <= x.Length; c += w)
            {
                var v = new Vector<float>(x.Slice(c, w));
                var relu = Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, Vector<float>.Zero);
                (relu * new Vector<float>(mask.Slice(c, w))).CopyTo(y.Slice(c, w));
            }
        }

        for (; c < x.Length; c++)
        {
            float v = x[c];
            y[c] = (v > 0f ? v : 0f) * mask[c];
        }
    }

    /// <summary>dx[c] = fma(dy[c], mask[c], dx[c]).</summary>
    /// <param name="dx">Input gradient (accumulated).</param>
    /// <param name="dy">Output gradient.</param>
    /// <param name="mask">Mask used in the forward pass.</param>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> mask)
    {
        int c = 0;
        if (Vector.IsHardwareAccelerated && HardwareFma)
        {
            int w = Vector<float>.Count;
            for (; c + w <= dy.Length; c += w)
            {
                Vector.FusedMultiplyAdd(new Vector<float>(dy.Slice(c, w)), new Vector<float>(mask.Slice(c, w)), new Vector<float>(dx.Slice(c, w))).CopyTo(dx.Slice(c, w));
            }
        }

        for (; c < dy.Length; c++)
        {
            dx[c] = NumericsContract.MulAdd(dy[c], mask[c], dx[c]);
        }
    }

    /// <summary>
    /// Dropout backward then ReLU backward in one pass, through a cleared intermediate:
    /// a = fma(dy[c], mask[c], 0); dx[c] += x[c] &gt; 0 ? a : (unchanged). The same bits as
    /// <see cref="Backward"/> into a zeroed buffer followed by <see cref="Relu.Backward"/> with the
    /// forward output relu(x) (relu(x) &gt; 0 exactly when x &gt; 0).
    /// </summary>
    /// <param name="dx">Pre-activation gradient (accumulated).</param>
    /// <param name="dy">Gradient of the dropout output.</param>
    /// <param name="mask">Mask used in the forward pass.</param>
    /// <param name="x">Pre-activation input of the forward pass.</param>
    public static void BackwardRelu(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> mask, ReadOnlySpan<float> x)
    {
        int c = 0;
        if (Vector.IsHardwareAccelerated && HardwareFma)
        {
            int w = Vector<float>.Count;
            for (; c + w <= dy.Length; c += w)
            {
                var a = Vector.FusedMultiplyAdd(new Vector<float>(dy.Slice(c, w)), new Vector<float>(mask.Slice(c, w)), Vector<float>.Zero);
                var old = new Vector<float>(dx.Slice(c, w));
                Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(x.Slice(c, w)), Vector<float>.Zero), old + a, old).CopyTo(dx.Slice(c, w));
            }
        }

        for (; c < dy.Length; c++)
        {
            float a = NumericsContract.MulAdd(dy[c], mask[c], 0f);
            if (x[c] > 0f)
            {
                dx[c] += a;
            }
        }
    }

    // Without an FMA instruction the runtime emulates vector FMA lane by lane (slow); the scalar loop gives the same bits.
    private static bool HardwareFma => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
}
