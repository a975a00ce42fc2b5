using System.Runtime.InteropServices;

namespace TrustScore.Consensus.Model;

/// <summary>
/// The immutable inference model (runbook §1.4 export; docs/formats.md §2–3): optional input
/// normalisation, an ordered list of dense layers, then score = sigmoid(z) · <see cref="OutputScale"/>.
/// The folded binary32 values held here are the consensus weights.
/// </summary>
public sealed class MlpWeights
{
    /// <summary>Most layers a model may have (a limit for untrusted files).</summary>
    public const int MaxLayers = 64;

    /// <summary>Widest layer a model may have (a limit for untrusted files).</summary>
    public const int MaxWidth = 16384;

    /// <summary>Most weights in all layers together (a limit for untrusted files: 256 MiB of binary32).</summary>
    public const long MaxParameters = 1L << 26;

    /// <summary>The upstream output scale: scores run 0–100.</summary>
    public const float DefaultOutputScale = 100f;

    /// <summary>Builds a model; checks that widths chain, the last layer has one output and sizes are within limits.</summary>
    /// <exception cref="ArgumentException">The layers do not chain, the last width is not 1, a limit is exceeded, or the scale is not finite and positive.</exception>
    public MlpWeights(IEnumerable<DenseLayerWeights> layers, InputNormalization? normalization = null, float outputScale = DefaultOutputScale)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var list = layers.ToArray();
        if (list.Length == 0 || list.Length > MaxLayers)
        {
            throw new ArgumentException($"A model needs 1 to {MaxLayers} dense layers; got {list.Length}.", nameof(layers));
        }

        long parameters = 0;
        for (int i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(layers));
            if (list[i].InputWidth > MaxWidth || list[i].OutputWidth > MaxWidth)
            {
                throw new ArgumentException($"Layer {i} is {list[i].OutputWidth}×{list[i].InputWidth}; the widest allowed is {MaxWidth}.", nameof(layers));
            }

            if (i > 0 && list[i].InputWidth != list[i - 1].OutputWidth)
            {
                throw new ArgumentException($"Layer {i} expects {list[i].InputWidth} inputs but layer {i - 1} gives {list[i - 1].OutputWidth}.", nameof(layers));
            }

            parameters += ((long)list[i].InputWidth * list[i].OutputWidth) + list[i].OutputWidth;
        }

        if (parameters > MaxParameters)
        {
            throw new ArgumentException($"The model has {parameters} parameters; at most {MaxParameters} are allowed.", nameof(layers));
        }

        if (list[^1].OutputWidth != 1)
        {
            throw new ArgumentException($"The last layer must have 1 output; it has {list[^1].OutputWidth}.", nameof(layers));
        }

        if (normalization is not null && normalization.Width != list[0].InputWidth)
        {
            throw new ArgumentException($"Normalisation covers {normalization.Width} features but the first layer takes {list[0].InputWidth}.", nameof(normalization));
        }

        if (!float.IsFinite(outputScale) || outputScale <= 0f)
        {
            throw new ArgumentException($"Output scale must be finite and positive; got {outputScale}.", nameof(outputScale));
        }

        Layers = list;
        Normalization = normalization;
        OutputScale = outputScale;
    }

    /// <summary>The dense layers, input side first.</summary>
    public IReadOnlyList<DenseLayerWeights> Layers { get; }

    /// <summary>Input normalisation, or null when features enter the first layer as they are.</summary>
    public InputNormalization? Normalization { get; }

    /// <summary>Multiplier after the sigmoid (100 for scores 0–100).</summary>
    public float OutputScale { get; }

    /// <summary>Features per row (D of the first layer).</summary>
    public int InputWidth => Layers[0].InputWidth;

    /// <summary>Widest layer output (sizes the scorer's scratch buffers).</summary>
    public int MaxLayerWidth => Layers.Max(l => l.OutputWidth);

    /// <summary>True when the two models are identical bit for bit (shapes, activations, every value).</summary>
    public bool BitEquals(MlpWeights other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Layers.Count != other.Layers.Count
            || BitConverter.SingleToUInt32Bits(OutputScale) != BitConverter.SingleToUInt32Bits(other.OutputScale)
            || (Normalization is null) != (other.Normalization is null))
        {
            return false;
        }

        if (Normalization is not null && !Normalization.BitEquals(other.Normalization!))
        {
            return false;
        }

        for (int i = 0; i < Layers.Count; i++)
        {
            if (!Layers[i].BitEquals(other.Layers[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool SameBits(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));
}
