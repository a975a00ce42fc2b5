namespace TrustScore.Consensus.Model;

/// <summary>
/// Optional per-feature normalisation at the graph input: u_k = (x_k − offset_k) · scale_k, as two
/// binary32 operations each rounded (ONNX Sub then Mul; not fused, not folded into the first layer),
/// so the statistics travel inside model.onnx (docs/formats.md §2–3).
/// </summary>
public sealed class InputNormalization
{
    private readonly float[] offset;
    private readonly float[] scale;

    /// <summary>Copies per-feature <paramref name="offset"/> and <paramref name="scale"/> (same length, finite).</summary>
    /// <exception cref="ArgumentException">Lengths differ, are zero, or a value is not finite.</exception>
    public InputNormalization(ReadOnlySpan<float> offset, ReadOnlySpan<float> scale)
    {
        if (offset.Length != scale.Length || offset.Length == 0)
        {
            throw new ArgumentException($"Normalisation offset ({offset.Length}) and scale ({scale.Length}) must have the same, non-zero length.");
        }

        for (int i = 0; i < offset.Length; i++)
        {
            if (!float.IsFinite(offset[i]) || !float.IsFinite(scale[i]))
            {
                throw new ArgumentException($"Normalisation value {i} is not finite.");
            }
        }

        this.offset = offset.ToArray();
        this.scale = scale.ToArray();
    }

    /// <summary>Features (the model's input width).</summary>
    public int Width => this.offset.Length;

    /// <summary>Per-feature offset subtracted first.</summary>
    public ReadOnlySpan<float> Offset => this.offset;

    /// <summary>Per-feature scale multiplied second.</summary>
    public ReadOnlySpan<float> Scale => this.scale;

    /// <summary>u = (x − offset) · scale, row by row. Shapes: u [n,w], x [n,w].</summary>
    public void Apply(Span<float> u, ReadOnlySpan<float> x, int rows)
    {
        int w = Width;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> xi = x.Slice(i * w, w);
            Span<float> ui = u.Slice(i * w, w);
            for (int k = 0; k < w; k++)
            {
                float t = xi[k] - this.offset[k];
                ui[k] = t * this.scale[k];
            }
        }
    }

    /// <summary>True when every offset and scale bit is identical.</summary>
    public bool BitEquals(InputNormalization other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return MlpWeights.SameBits(this.offset, other.offset) && MlpWeights.SameBits(this.scale, other.scale);
    }
}
