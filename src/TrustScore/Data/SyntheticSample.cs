namespace TrustScore.Data;

/// <summary>One generated record before it is written (values already rounded as written).</summary>
internal sealed record SyntheticSample
{
    public required string SampleId { get; init; }

    public required string DocumentType { get; init; }

    public required double TrustScore { get; init; }

    public required double CleanScore { get; init; }

    public required bool IsGenuine { get; init; }

    public required string? FraudType { get; init; }

    public required double FaceConfidence { get; init; }

    public required double DocumentQualityScore { get; init; }

    public required double OcrConfidence { get; init; }

    public required float[] FaceEmbedding { get; init; }

    public required double Sharpness { get; init; }

    public required double Brightness { get; init; }

    public required double Contrast { get; init; }

    public required double NoiseLevel { get; init; }

    public required double BlurScore { get; init; }

    public required double[] OcrConfidences { get; init; }

    public required bool[] OcrValidated { get; init; }

    public required IReadOnlyList<string> ScopeTypes { get; init; }

    public required int ScopeCount { get; init; }
}
