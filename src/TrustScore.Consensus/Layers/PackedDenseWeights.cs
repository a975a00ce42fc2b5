using System.Buffers;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// A dense layer's weights rearranged for the vectorised forward kernel: outputs are grouped in
/// panels of <see cref="PanelWidth"/>, and panel p holds w[p·16 + l, k] at [(p·D + k)·16 + l], so one
/// vector load gives 16 independent outputs' weights for input k. Outputs past H are zero padding
/// (computed, never stored). Packing only moves values; it changes no arithmetic.
/// The panels start on a 64-byte boundary, so no 512-bit weight load straddles two cache lines
/// (unaligned, the one-row kernels that stream every weight once ran about 10% slower; see
/// docs/benchmarks.md). A scorer's panels live in the pinned heap, where the boundary stays put;
/// pooled buffers may be moved by the collector later, which costs only speed.
/// </summary>
internal sealed class PackedDenseWeights : IDisposable
{
    /// <summary>Outputs per panel (one 512-bit vector of binary32).</summary>
    public const int PanelWidth = 16;

    private const int AlignmentBytes = 64;
    private const int AlignmentFloats = AlignmentBytes / sizeof(float);

    private readonly bool pooled;
    private readonly int panelsOffset;
    private readonly int panelsLength;
    private float[]? panels;
    private float[]? bias;

    private PackedDenseWeights(float[] panels, int panelsOffset, int panelsLength, float[] bias, int d, int h, int panelCount, bool pooled)
    {
        this.panels = panels;
        this.panelsOffset = panelsOffset;
        this.panelsLength = panelsLength;
        this.bias = bias;
        D = d;
        H = h;
        PanelCount = panelCount;
        this.pooled = pooled;
    }

    /// <summary>Inputs per output (D).</summary>
    public int D { get; }

    /// <summary>Real outputs (H).</summary>
    public int H { get; }

    /// <summary>Panels, padded to an even number so kernels can always take pairs.</summary>
    public int PanelCount { get; }

    /// <summary>Packed weights, length PanelCount·D·16.</summary>
    public ReadOnlySpan<float> Panels => (this.panels ?? throw new ObjectDisposedException(nameof(PackedDenseWeights))).AsSpan(this.panelsOffset, this.panelsLength);

    /// <summary>Bias padded with zeros, length PanelCount·16.</summary>
    public ReadOnlySpan<float> Bias => this.bias ?? throw new ObjectDisposedException(nameof(PackedDenseWeights));

    /// <summary>Packs w [h,d] (row j = weights of output j) and b [h].</summary>
    /// <param name="w">Weights, length h·d.</param>
    /// <param name="b">Bias, length h.</param>
    /// <param name="d">Inputs per output.</param>
    /// <param name="h">Outputs.</param>
    /// <param name="pooled">Rent the buffers from the shared pool (return them with <see cref="Dispose"/>).</param>
    public static PackedDenseWeights Pack(ReadOnlySpan<float> w, ReadOnlySpan<float> b, int d, int h, bool pooled = false)
    {
        int panelCount = (h + PanelWidth - 1) / PanelWidth;
        panelCount += panelCount & 1;
        int panelsLength = panelCount * d * PanelWidth;
        int biasLength = panelCount * PanelWidth;
        float[] storage = pooled
            ? ArrayPool<float>.Shared.Rent(panelsLength + AlignmentFloats)
            : GC.AllocateUninitializedArray<float>(panelsLength + AlignmentFloats, pinned: true);
        int offset = AlignedOffset(storage);
        Span<float> panels = storage.AsSpan(offset, panelsLength);
        float[] bias = pooled ? ArrayPool<float>.Shared.Rent(biasLength) : new float[biasLength];
        Array.Clear(bias, 0, biasLength);
        b[..h].CopyTo(bias);
        for (int p = 0; p < panelCount; p++)
        {
            Span<float> panel = panels.Slice(p * d * PanelWidth, d * PanelWidth);
            int rows = Math.Clamp(h - (p * PanelWidth), 0, PanelWidth);
            if (rows < PanelWidth)
            {
                panel.Clear();
                if (rows == 0)
                {
                    continue;
                }
            }

            // k outer, l inner: 16 sequential read streams, one sequential write stream.
            ReadOnlySpan<float> block = w.Slice(p * PanelWidth * d, rows * d);
            for (int k = 0; k < d; k++)
            {
                Span<float> dst = panel.Slice(k * PanelWidth, PanelWidth);
                for (int l = 0; l < rows; l++)
                {
                    dst[l] = block[(l * d) + k];
                }
            }
        }

        return new PackedDenseWeights(storage, offset, panelsLength, bias, d, h, panelCount, pooled);
    }

    /// <summary>Floats to skip so the span starts on a 64-byte boundary (where the array lies now).</summary>
    private static unsafe int AlignedOffset(float[] storage)
    {
        fixed (float* start = storage)
        {
            int misalignment = (int)((nuint)start % AlignmentBytes);
            return misalignment == 0 ? 0 : (AlignmentBytes - misalignment) / sizeof(float);
        }
    }

    /// <summary>Returns pooled buffers; a non-pooled instance just forgets its arrays.</summary>
    public void Dispose()
    {
        if (this.pooled)
        {
            if (this.panels is not null)
            {
                ArrayPool<float>.Shared.Return(this.panels);
            }

            if (this.bias is not null)
            {
                ArrayPool<float>.Shared.Return(this.bias);
            }
        }

        this.panels = null;
        this.bias = null;
    }
}
