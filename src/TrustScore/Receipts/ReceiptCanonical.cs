using System.Security.Cryptography;
using System.Text;

namespace TrustScore.Receipts;

/// <summary>
/// The receipt's canonical bytes and digests, exactly as the node computes them (docs/serving.md
/// "Inference receipts"):
/// <list type="bullet">
/// <item>sign bytes: compact JSON of <c>{"domain":"VEID_INFERENCE_RECEIPT_SIGN_V1","version":1, …every field in order}</c>;</item>
/// <item>digest: SHA-256 of <c>VEID_INFERENCE_RECEIPT_DIGEST_V1</c> ‖ sign bytes;</item>
/// <item>context digest: SHA-256 of <c>VEID_INFERENCE_RECEIPT_CONTEXT_V1</c> ‖ the same JSON under that
/// domain without score, status, confidence and reason codes (so one request context with two
/// different outcomes is detectable as a conflict);</item>
/// <item>config digest: SHA-256 of the compact JSON of the node's strict pipeline determinism config.</item>
/// </list>
/// </summary>
public static class ReceiptCanonical
{
    public const string SignDomain = "VEID_INFERENCE_RECEIPT_SIGN_V1";
    public const string DigestDomain = "VEID_INFERENCE_RECEIPT_DIGEST_V1";
    public const string ContextDomain = "VEID_INFERENCE_RECEIPT_CONTEXT_V1";
    public const string ConfigDomain = "VEID_INFERENCE_DETERMINISM_CONFIG_V1";

    /// <summary>
    /// SHA-256 of <c>{"domain":"VEID_INFERENCE_DETERMINISM_CONFIG_V1","random_seed":42,"force_cpu":true,
    /// "single_thread":true,"float_precision":6,"tensorflow_deterministic":true,"disable_cudnn":true,
    /// "onnx_deterministic":true}</c>: the only config digest the node accepts.
    /// </summary>
    public static byte[] ConfigDigest { get; } = SHA256.HashData(new EnvelopeJsonWriter()
        .StartObject()
        .String("domain", ConfigDomain)
        .Integer("random_seed", 42)
        .Boolean("force_cpu", true)
        .Boolean("single_thread", true)
        .Integer("float_precision", 6)
        .Boolean("tensorflow_deterministic", true)
        .Boolean("disable_cudnn", true)
        .Boolean("onnx_deterministic", true)
        .EndObject()
        .ToBytes());

    /// <summary>The bytes the signer signs.</summary>
    /// <exception cref="ArgumentException">A string field is not printable ASCII.</exception>
    public static byte[] SignBytes(InferenceReceipt r) => Envelope(r, SignDomain, withOutcome: true);

    /// <summary>SHA-256 of <see cref="DigestDomain"/> ‖ <see cref="SignBytes"/>.</summary>
    public static byte[] Digest(InferenceReceipt r) => DomainHash(DigestDomain, SignBytes(r));

    /// <summary>SHA-256 of <see cref="ContextDomain"/> ‖ the context envelope.</summary>
    public static byte[] ContextDigest(InferenceReceipt r) => DomainHash(ContextDomain, Envelope(r, ContextDomain, withOutcome: false));

    /// <summary>
    /// The node's canonical form of <c>scope_ids</c> and <c>reason_codes</c>: empties dropped,
    /// duplicates removed, sorted by ordinal (byte) order.
    /// </summary>
    public static IReadOnlyList<string> Strings(IEnumerable<string> values) =>
        values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static byte[] DomainHash(string domain, byte[] payload)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes(domain));
        sha.AppendData(payload);
        return sha.GetHashAndReset();
    }

    private static byte[] Envelope(InferenceReceipt r, string domain, bool withOutcome)
    {
        var w = new EnvelopeJsonWriter()
            .StartObject()
            .String(ReceiptFieldNames.Domain, domain)
            .Unsigned(ReceiptFieldNames.Version, InferenceReceipt.Version)
            .String(ReceiptFieldNames.ChainId, r.ChainId)
            .String(ReceiptFieldNames.AccountAddress, r.AccountAddress)
            .String(ReceiptFieldNames.RequestId, r.RequestId)
            .Strings(ReceiptFieldNames.ScopeIds, r.ScopeIds)
            .String(ReceiptFieldNames.Nonce, r.Nonce)
            .Bytes(ReceiptFieldNames.InputDigest, r.InputDigest)
            .Bytes(ReceiptFieldNames.FeatureDigest, r.FeatureDigest)
            .Bytes(ReceiptFieldNames.SchemaDigest, r.SchemaDigest)
            .Bytes(ReceiptFieldNames.EvidenceLineageDigest, r.EvidenceLineageDigest)
            .String(ReceiptFieldNames.PipelineVersion, r.PipelineVersion)
            .Bytes(ReceiptFieldNames.ModelManifestDigest, r.ModelManifestDigest)
            .Bytes(ReceiptFieldNames.ModelDigest, r.ModelDigest)
            .Bytes(ReceiptFieldNames.RuntimeImageDigest, r.RuntimeImageDigest)
            .Bytes(ReceiptFieldNames.RuntimeDigest, r.RuntimeDigest)
            .Bytes(ReceiptFieldNames.ConfigDigest, r.ConfigDigest);
        WriteProfile(w, r.DeterminismProfile);
        if (withOutcome)
        {
            w.Unsigned(ReceiptFieldNames.Score, r.Score)
                .String(ReceiptFieldNames.Status, r.Status)
                .Unsigned(ReceiptFieldNames.ConfidenceMillionths, r.ConfidenceMillionths)
                .Strings(ReceiptFieldNames.ReasonCodes, r.ReasonCodes);
        }

        return w.Integer(ReceiptFieldNames.IssuedHeight, r.IssuedHeight)
            .Integer(ReceiptFieldNames.IssuedAtUnix, r.IssuedAtUnix)
            .Integer(ReceiptFieldNames.ExpiresHeight, r.ExpiresHeight)
            .Integer(ReceiptFieldNames.ExpiresAtUnix, r.ExpiresAtUnix)
            .String(ReceiptFieldNames.SignerKeyId, r.SignerKeyId)
            .String(ReceiptFieldNames.SignerFingerprint, r.SignerFingerprint.ToLowerInvariant())
            .Unsigned(ReceiptFieldNames.SignerSequence, r.SignerSequence)
            .EndObject()
            .ToBytes();
    }

    private static void WriteProfile(EnvelopeJsonWriter w, DeterminismProfile p) => w
        .Name(ReceiptFieldNames.DeterminismProfile)
        .StartObject()
        .Boolean("force_cpu", p.ForceCpu)
        .Integer("random_seed", p.RandomSeed)
        .Boolean("deterministic_ops", p.DeterministicOps)
        .Integer("inter_op_threads", p.InterOpThreads)
        .Integer("intra_op_threads", p.IntraOpThreads)
        .Boolean("disable_gpu", p.DisableGpu)
        .EndObject();
}
