namespace TrustScore.Data;

/// <summary>Field (JSONL key / Parquet column) names of the VEID record format (docs/dataset-format.md).</summary>
public static class VeidColumns
{
    public const string SampleId = "sample_id";
    public const string DocumentType = "document_type";
    public const string TrustScore = "trust_score";
    public const string IsGenuine = "is_genuine";
    public const string FraudType = "fraud_type";
    public const string FaceConfidence = "face_confidence";
    public const string DocumentQualityScore = "document_quality_score";
    public const string OcrConfidence = "ocr_confidence";

    /// <summary>Precomputed vector: 768 numbers (JSONL) or 3072 bytes of little-endian float32 (Parquet).</summary>
    public const string Features = "features";

    /// <summary>Structured: 512 numbers (JSONL) or 2048 bytes of little-endian float32 (Parquet).</summary>
    public const string FaceEmbedding = "face_embedding";
    public const string Sharpness = "sharpness";
    public const string Brightness = "brightness";
    public const string Contrast = "contrast";
    public const string NoiseLevel = "noise_level";
    public const string BlurScore = "blur_score";

    /// <summary>Array of scope-type names (JSONL) or the names joined by commas (Parquet).</summary>
    public const string ScopeTypes = "scope_types";
    public const string ScopeCount = "scope_count";

    public static string OcrFieldConfidence(string field) => $"ocr_{field}_confidence";

    public static string OcrFieldValidated(string field) => $"ocr_{field}_validated";
}
