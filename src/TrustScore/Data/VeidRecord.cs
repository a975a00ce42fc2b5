namespace TrustScore.Data;

/// <summary>
/// One validated VEID sample (docs/dataset-format.md): identity, label, population, the quality
/// fields the ingestion filters use, and its assembled 768-float feature vector (schema v2).
/// </summary>
public sealed record VeidRecord
{
    public required string SampleId { get; init; }

    public required string DocumentType { get; init; }

    /// <summary>The label, 0–100.</summary>
    public required double TrustScore { get; init; }

    public required bool IsGenuine { get; init; }

    /// <summary>Fraud kind for fraud samples; null for genuine ones.</summary>
    public required string? FraudType { get; init; }

    public required double FaceConfidence { get; init; }

    public required double DocumentQualityScore { get; init; }

    /// <summary>Overall OCR confidence (the quality filter's input).</summary>
    public required double OcrConfidence { get; init; }

    /// <summary>The validated feature vector, 768 floats.</summary>
    public required float[] Features { get; init; }

    public required RecordLocation Location { get; init; }
}
