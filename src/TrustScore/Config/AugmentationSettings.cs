namespace TrustScore.Config;

/// <summary>
/// The image-level <c>augmentation</c> section. Accepted and reported as not applicable: image
/// augmentations cannot be applied to feature vectors, and pretending otherwise would be a lie.
/// </summary>
public sealed record AugmentationSettings
{
    public required bool Enabled { get; init; }

    public required IReadOnlyList<string> AugmentationTypes { get; init; }

    public required IReadOnlyList<double> BrightnessRange { get; init; }

    public required IReadOnlyList<double> ContrastRange { get; init; }

    public required IReadOnlyList<double> RotationRange { get; init; }

    public required IReadOnlyList<int> BlurKernelRange { get; init; }

    public required IReadOnlyList<double> NoiseStdRange { get; init; }

    public required double PerspectiveStrength { get; init; }

    public required IReadOnlyList<int> JpegQualityRange { get; init; }

    public required double AugmentationProbability { get; init; }

    public required int NumAugmentedCopies { get; init; }
}
