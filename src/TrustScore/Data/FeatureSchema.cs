using System.Globalization;
using System.Security.Cryptography;

namespace TrustScore.Data;

/// <summary>
/// Canonical feature schema v2: the one 768-float layout that training, export and scoring share,
/// position for position the vector the VirtEngine node's feature extractor builds and sends to
/// its scoring sidecar (docs/feature-schema.md). The layout is an embedded canonical-JSON
/// resource; its SHA-256 is the schema digest recorded in dataset and model manifests. Validation
/// is fail-closed: anything outside the layout's ranges is rejected, never clamped.
/// </summary>
public static class FeatureSchema
{
    /// <summary>Number of floats in a feature vector.</summary>
    public const int Dimension = 768;

    /// <summary>Schema version string.</summary>
    public const string Version = "2.0.0";

    public const int EmbeddingOffset = 0;
    public const int EmbeddingLength = 512;
    public const int DocumentQualityIndex = 512;
    public const int SharpnessIndex = 513;
    public const int BrightnessIndex = 514;
    public const int ContrastIndex = 515;
    public const int OneMinusNoiseIndex = 516;
    public const int OcrOffset = 517;
    public const int ScopeCountIndex = 527;
    public const int ScopeFlagsOffset = 528;
    public const int FaceConfidenceIndex = 536;

    /// <summary>
    /// Where the node puts (block_height mod 10⁶)/10⁶. Accepted in [0, 1] and set to +0 before
    /// scoring (<see cref="Canonicalize"/>): a score must not depend on when it is computed.
    /// </summary>
    public const int BlockHeightFractionIndex = 537;

    public const int ReservedOffset = 538;

    /// <summary>End (exclusive) of the node's metadata block (scope count, flags, face confidence, block height, reserved).</summary>
    public const int MetadataEnd = 543;

    /// <summary>Largest accepted <c>scope_count</c>.</summary>
    public const int MaxScopeCount = 10;

    /// <summary>Accepted deviation of the embedding's L2 norm from 1.</summary>
    public const double EmbeddingNormTolerance = 1e-3;

    /// <summary>OCR fields in layout order.</summary>
    public static IReadOnlyList<string> OcrFields { get; } = ["name", "date_of_birth", "document_number", "expiry_date", "nationality"];

    /// <summary>Scope types in layout order.</summary>
    public static IReadOnlyList<string> ScopeTypes { get; } =
        ["id_document", "selfie", "face_video", "biometric", "sso_metadata", "email_proof", "sms_proof", "domain_verify"];

    private static readonly Lazy<byte[]> JsonBytes = new(LoadResource);

    /// <summary>The schema document's exact bytes (canonical JSON), as written to <c>model/feature_schema.json</c>.</summary>
    public static ReadOnlySpan<byte> Json => JsonBytes.Value;

    /// <summary>Lower-case hex SHA-256 of <see cref="Json"/>.</summary>
    public static string Digest { get; } = Convert.ToHexStringLower(SHA256.HashData(JsonBytes.Value));

    /// <summary>Name of the block holding <paramref name="index"/>, for messages.</summary>
    public static string DescribeIndex(int index) => index switch
    {
        < DocumentQualityIndex => $"face_embedding[{index}]",
        DocumentQualityIndex => "document_quality_score",
        SharpnessIndex => "sharpness",
        BrightnessIndex => "brightness",
        ContrastIndex => "contrast",
        OneMinusNoiseIndex => "one_minus_noise_level",
        < ScopeCountIndex => $"ocr_{OcrFields[(index - OcrOffset) / 2]}_{((index - OcrOffset) % 2 == 0 ? "confidence" : "validated")}",
        ScopeCountIndex => "scope_count_scaled",
        < FaceConfidenceIndex => $"scope_flag_{ScopeTypes[index - ScopeFlagsOffset]}",
        FaceConfidenceIndex => "face_confidence",
        BlockHeightFractionIndex => "block_height_fraction",
        _ => $"reserved[{index}]",
    };

    /// <summary>
    /// Sets the positions that are not model inputs to +0 — today only
    /// <see cref="BlockHeightFractionIndex"/> — so the bits scored never depend on them. Every
    /// path that scores a vector it did not assemble calls this after <see cref="Validate"/>.
    /// </summary>
    public static void Canonicalize(Span<float> vector) => vector[BlockHeightFractionIndex] = 0f;

    /// <summary>
    /// <see cref="Validate"/>, then, when the vector is valid, <see cref="Canonicalize"/>: the one
    /// way a vector from outside (a request, a precomputed <c>features</c> column) becomes the
    /// bits that are scored. Returns null when valid, otherwise the problem.
    /// </summary>
    public static string? ValidateForScoring(Span<float> vector)
    {
        string? problem = Validate(vector);
        if (problem is null)
        {
            Canonicalize(vector);
        }

        return problem;
    }

    /// <summary>
    /// Checks a precomputed vector against the layout. Returns null when valid, otherwise one
    /// sentence naming the first offending position.
    /// </summary>
    public static string? Validate(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            return $"expected {Dimension} floats, found {vector.Length}";
        }

        for (int i = 0; i < Dimension; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                return $"position {i} ({DescribeIndex(i)}) is {Show(vector[i])}, not a finite number";
            }
        }

        double sumSquares = 0;
        for (int i = EmbeddingOffset; i < EmbeddingOffset + EmbeddingLength; i++)
        {
            sumSquares += (double)vector[i] * vector[i];
        }

        double norm = Math.Sqrt(sumSquares);
        if (Math.Abs(norm - 1.0) > EmbeddingNormTolerance)
        {
            return norm == 0
                ? "face_embedding (positions 0-511) is all zeros; a missing embedding is rejected"
                : $"face_embedding (positions 0-511) has L2 norm {norm.ToString("G6", CultureInfo.InvariantCulture)}, expected 1 (L2-normalised)";
        }

        for (int i = DocumentQualityIndex; i < ReservedOffset; i++)
        {
            float v = vector[i];
            bool isFlag = (i >= OcrOffset && i < ScopeCountIndex && (i - OcrOffset) % 2 == 1) || (i >= ScopeFlagsOffset && i < FaceConfidenceIndex);
            if (isFlag && v != 0f && v != 1f)
            {
                return $"position {i} ({DescribeIndex(i)}) is {Show(v)}, expected 0 or 1";
            }

            if (v is < 0f or > 1f)
            {
                return $"position {i} ({DescribeIndex(i)}) is {Show(v)}, expected a value in [0, 1]";
            }
        }

        float scaled = vector[ScopeCountIndex] * MaxScopeCount;
        if (MathF.Abs(scaled - MathF.Round(scaled)) > 1e-4f)
        {
            return $"position {ScopeCountIndex} (scope_count_scaled) is {Show(vector[ScopeCountIndex])}, expected scope_count/10 for an integer scope_count";
        }

        for (int i = ReservedOffset; i < Dimension; i++)
        {
            if (vector[i] != 0f)
            {
                return $"position {i} ({DescribeIndex(i)}) is {Show(vector[i])}, but reserved positions must be 0";
            }
        }

        return null;
    }

    private static string Show(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static byte[] LoadResource()
    {
        using var stream = typeof(FeatureSchema).Assembly.GetManifestResourceStream("TrustScore.Data.feature_schema_v2.json")
            ?? throw new InvalidOperationException("embedded resource feature_schema_v2.json is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
