using System.Buffers.Binary;
using System.Security.Cryptography;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// The fields the VirtEngine node reads from its scoring sidecar, computed the way the node
/// computes or checks them (docs/serving.md, "gRPC sidecar"): the output hash the node
/// recomputes and compares, its confidence formula and its reason codes, plus the input hash.
/// </summary>
public static class SidecarFields
{
    /// <summary>Reason code: the integer score is at least 50.</summary>
    public const string Success = "SUCCESS";

    /// <summary>Reason code: confidence at least 0.8.</summary>
    public const string HighConfidence = "HIGH_CONFIDENCE";

    /// <summary>Reason code: confidence below 0.5.</summary>
    public const string LowConfidence = "LOW_CONFIDENCE";

    /// <summary>Reason code: document quality score below 0.6.</summary>
    public const string LowDocQuality = "LOW_DOC_QUALITY";

    /// <summary>Reason code: mean OCR field confidence below 0.5.</summary>
    public const string LowOcrConfidence = "LOW_OCR_CONFIDENCE";

    /// <summary>Reason code: fewer than 2 identity scopes.</summary>
    public const string InsufficientScopes = "INSUFFICIENT_SCOPES";

    /// <summary>SHA-256 (lower-case hex) of the features as consecutive little-endian binary32 values: the exact bits scored.</summary>
    public static string InputHash(ReadOnlySpan<float> features)
    {
        byte[] bytes = new byte[features.Length * sizeof(float)];
        for (int i = 0; i < features.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), features[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>
    /// The node's output hash, which it recomputes from <c>raw_score</c> and refuses the answer
    /// on a mismatch: SHA-256 over the outputs in order, each as the 4 big-endian bytes of
    /// binary32(round(y·10⁶)/10⁶), the rounding half away from zero in binary64.
    /// </summary>
    public static string OutputHash(ReadOnlySpan<float> outputs)
    {
        byte[] bytes = new byte[outputs.Length * sizeof(float)];
        for (int i = 0; i < outputs.Length; i++)
        {
            double rounded = Math.Round(outputs[i] * 1e6, MidpointRounding.AwayFromZero) / 1e6;
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * sizeof(float)), (float)rounded);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The node's confidence: clamp(0.5 + 0.4·|raw − 50|/50, 0.3, 0.95), each step in binary32.</summary>
    public static float Confidence(float raw)
    {
        float distance = MathF.Abs(raw - 50f) / 50f;
        float product = distance * 0.4f; // a separate rounding: the node's binary32 arithmetic, not a fused multiply-add
        float confidence = 0.5f + product;
        return confidence > 0.95f ? 0.95f : confidence < 0.3f ? 0.3f : confidence;
    }

    /// <summary>
    /// The node scorer's reason codes, in its order, derived from the scored vector (the sidecar
    /// sees features, not the node's inputs): SUCCESS first when the score is at least 50, then
    /// HIGH_/LOW_CONFIDENCE, LOW_DOC_QUALITY (document quality &lt; 0.6), LOW_OCR_CONFIDENCE (mean
    /// of the five OCR confidences &lt; 0.5), INSUFFICIENT_SCOPES (scope count &lt; 2).
    /// </summary>
    public static List<string> ReasonCodes(ReadOnlySpan<float> features, int score, float confidence)
    {
        var codes = new List<string>(4);
        if (score >= 50)
        {
            codes.Add(Success);
        }

        if (confidence >= 0.8f)
        {
            codes.Add(HighConfidence);
        }
        else if (confidence < 0.5f)
        {
            codes.Add(LowConfidence);
        }

        if (features[FeatureSchema.DocumentQualityIndex] < 0.6f)
        {
            codes.Add(LowDocQuality);
        }

        float ocr = 0f;
        int fields = FeatureSchema.OcrFields.Count;
        for (int f = 0; f < fields; f++)
        {
            ocr += features[FeatureSchema.OcrOffset + (2 * f)];
        }

        if (ocr / fields < 0.5f)
        {
            codes.Add(LowOcrConfidence);
        }

        if (MathF.Round(features[FeatureSchema.ScopeCountIndex] * FeatureSchema.MaxScopeCount) < 2f)
        {
            codes.Add(InsufficientScopes);
        }

        return codes;
    }

    /// <summary>
    /// The node's per-block feature summary (<c>feature_contributions</c>), as its own scorer
    /// computes it from the vector it sent: the mean absolute face-embedding component, and the
    /// means of the document-quality, OCR and metadata blocks — each a binary32 sum in index
    /// order, then one binary32 division. Informational only; no score depends on it.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, float>> FeatureContributions(IReadOnlyList<float> features)
    {
        float face = 0f;
        for (int i = FeatureSchema.EmbeddingOffset; i < FeatureSchema.EmbeddingOffset + FeatureSchema.EmbeddingLength; i++)
        {
            face += MathF.Abs(features[i]);
        }

        return
        [
            new("face_embedding", face / FeatureSchema.EmbeddingLength),
            new("doc_quality", Mean(features, FeatureSchema.DocumentQualityIndex, FeatureSchema.OcrOffset)),
            new("ocr", Mean(features, FeatureSchema.OcrOffset, FeatureSchema.ScopeCountIndex)),
            new("metadata", Mean(features, FeatureSchema.ScopeCountIndex, FeatureSchema.MetadataEnd)),
        ];
    }

    private static float Mean(IReadOnlyList<float> features, int from, int to)
    {
        float sum = 0f;
        for (int i = from; i < to; i++)
        {
            sum += features[i];
        }

        return sum / (to - from);
    }
}
