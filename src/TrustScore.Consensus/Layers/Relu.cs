namespace TrustScore.Consensus.Layers;

/// <summary>ReLU (runbook §1.3): y = x if x &gt; 0, else 0. No arithmetic, so no order to fix.</summary>
public static class Relu
{
    /// <summary>y[c] = x[c] &gt; 0 ? x[c] : 0 (NaN maps to 0). May run in place.</summary>
    /// <param name="y">Output, same length as <paramref name="x"/>.</param>
    /// <param name="x">Input.</param>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        for (int c = 0; c < x.Length; c++)
        {
            float v = x[c];
            y[c] = v > 0f ? v : 0f;
        }
    }

    /// <summary>dx[c] += y[c] &gt; 0 ? dy[c] : 0, where y is the forward output.</summary>
    /// <param name="dx">Input gradient (accumulated).</param>
    /// <param name="dy">Output gradient.</param>
    /// <param name="y">Forward output.</param>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> y)
    {
        for (int c = 0; c < dy.Length; c++)
        {
            if (y[c] > 0f)
            {
                dx[c] += dy[c];
            }
        }
    }
}
