using System.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// ReLU (runbook §1.3): y = x if x &gt; 0, else 0. No arithmetic, so no order to fix; the vector
/// loops select per element exactly what the scalar tail does.
/// </summary>
public static class Relu
{
    /// <summary>y[c] = x[c] &gt; 0 ? x[c] : 0 (NaN maps to 0). May run in place.</summary>
    /// <param name="y">Output, same length as <paramref name="x"/>.</param>
    /// <param name="x">Input.</param>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; c + w <= x.Length; c += w)
            {
                var v = new Vector<float>(x.Slice(c, w));
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, Vector<float>.Zero).CopyTo(y.Slice(c, w));
            }
        }

        for (; c < x.Length; c++)
        {
            float v = x[c];
            y[c] = v > 0f ? v : 0f;
        }
    }

    /// <summary>dx[c] += y[c] &gt; 0 ? dy[c] : 0, where y is the forward output (dx unchanged where y ≤ 0).</summary>
    /// <param name="dx">Input gradient (accumulated).</param>
    /// <param name="dy">Output gradient.</param>
    /// <param name="y">Forward output.</param>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> y)
    {
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; c + w <= dy.Length; c += w)
            {
                var old = new Vector<float>(dx.Slice(c, w));
                var sum = old + new Vector<float>(dy.Slice(c, w));
                Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(y.Slice(c, w)), Vector<float>.Zero), sum, old).CopyTo(dx.Slice(c, w));
            }
        }

        for (; c < dy.Length; c++)
        {
            if (y[c] > 0f)
            {
                dx[c] += dy[c];
            }
        }
    }
}
