using System.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// Per-column sums over rows, each column summed in ascending row order after its existing
/// value. Vectorised across columns only (each lane is one column), so the width never changes
/// a result.
/// </summary>
internal static class ColumnSums
{
    /// <summary>sums[j] += m[0, j] + m[1, j] + … + m[N-1, j] (ascending i). Shapes: m [N, H], sums [H].</summary>
    public static void Accumulate(Span<float> sums, ReadOnlySpan<float> m, int n, int h)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; j + w <= h; j += w)
            {
                var acc = new Vector<float>(sums.Slice(j, w));
                for (int i = 0; i < n; i++)
                {
                    acc += new Vector<float>(m.Slice((i * h) + j, w));
                }

                acc.CopyTo(sums.Slice(j, w));
            }
        }

        for (; j < h; j++)
        {
            float acc = sums[j];
            for (int i = 0; i < n; i++)
            {
                acc += m[(i * h) + j];
            }

            sums[j] = acc;
        }
    }
}
