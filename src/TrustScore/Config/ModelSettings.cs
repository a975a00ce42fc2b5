namespace TrustScore.Config;

/// <summary>The architecture part of the <c>model</c> section (768→512→256→128→64→1, sigmoid×100).</summary>
public sealed record ModelSettings
{
    public required int InputDim { get; init; }

    public required IReadOnlyList<int> HiddenLayers { get; init; }

    public required double DropoutRate { get; init; }

    public required string Activation { get; init; }

    public required string OutputActivation { get; init; }

    /// <summary>Keras <c>l2(x)</c>: adds x·Σw² over hidden kernels to the loss.</summary>
    public required double L2Regularization { get; init; }

    public required bool UseBatchNorm { get; init; }

    public required double OutputScale { get; init; }
}
