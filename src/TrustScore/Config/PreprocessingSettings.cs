namespace TrustScore.Config;

/// <summary>
/// The image-level <c>preprocessing</c> section. Accepted so upstream configs load, and reported as
/// not applicable: TrustScore trains on feature-level records, never on images.
/// </summary>
public sealed record PreprocessingSettings
{
    public required IReadOnlyList<int> ImageSize { get; init; }

    public required bool NormalizeImages { get; init; }

    public required IReadOnlyList<double> NormalizeMean { get; init; }

    public required IReadOnlyList<double> NormalizeStd { get; init; }

    public required bool ApplyOrientationCorrection { get; init; }

    public required bool ApplyPerspectiveCorrection { get; init; }

    public required bool ApplyEnhancement { get; init; }

    public required string OcrLanguage { get; init; }

    public required double OcrTimeoutSeconds { get; init; }
}
