namespace TrustScore.Data;

/// <summary>
/// The structured inputs of one verification, before assembly into the 768-float vector
/// (docs/feature-schema.md). Every scalar is in [0, 1]; the embedding need not be normalised.
/// </summary>
public sealed record FeatureInputs
{
    /// <summary>512 floats; L2-normalised by the assembler.</summary>
    public required float[] FaceEmbedding { get; init; }

    public required float FaceConfidence { get; init; }

    public required float DocumentQualityScore { get; init; }

    public required float Sharpness { get; init; }

    public required float Brightness { get; init; }

    public required float Contrast { get; init; }

    /// <summary>Stored as 1 − noise_level.</summary>
    public required float NoiseLevel { get; init; }

    /// <summary>Stored as 1 − blur_score.</summary>
    public required float BlurScore { get; init; }

    /// <summary>Confidence per OCR field, in <see cref="FeatureSchema.OcrFields"/> order (5 values).</summary>
    public required float[] OcrConfidences { get; init; }

    /// <summary>Validation flag per OCR field, in <see cref="FeatureSchema.OcrFields"/> order (5 values).</summary>
    public required bool[] OcrValidated { get; init; }

    /// <summary>Scope types present; each must be one of <see cref="FeatureSchema.ScopeTypes"/>.</summary>
    public required IReadOnlyList<string> ScopeTypes { get; init; }

    /// <summary>Number of verification scopes, 0–10.</summary>
    public required int ScopeCount { get; init; }
}
