namespace TrustScore.Config;

/// <summary>The <c>features</c> section: the feature layout the model consumes (docs/feature-schema.md).</summary>
public sealed record FeatureSettings
{
    public required int FaceEmbeddingDim { get; init; }

    public required string FaceEmbeddingModel { get; init; }

    public required bool UseFaceConfidence { get; init; }

    public required IReadOnlyList<string> DocQualityFeatures { get; init; }

    public required IReadOnlyList<string> OcrFields { get; init; }

    public required bool UseOcrConfidence { get; init; }

    public required bool UseFieldValidation { get; init; }

    public required bool UseDeviceMetadata { get; init; }

    public required bool UseSessionMetadata { get; init; }

    public required bool UseCaptureMetadata { get; init; }

    /// <summary>Must equal <see cref="ModelSettings.InputDim"/> and the schema's 768.</summary>
    public required int CombinedFeatureDim { get; init; }

    public required bool NormalizeFeatures { get; init; }

    /// <summary><c>standard</c>, <c>minmax</c> or <c>robust</c>.</summary>
    public required string FeatureScaling { get; init; }
}
