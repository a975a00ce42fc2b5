namespace TrustScore.Receipts;

/// <summary>
/// The receipt's JSON field names, and the fixed order the sign envelope lists them in (the
/// node's order; it never changes within version 1). Problems and tamper reports name fields
/// with these names.
/// </summary>
public static class ReceiptFieldNames
{
    public const string ChainId = "chain_id";
    public const string AccountAddress = "account_address";
    public const string RequestId = "request_id";
    public const string ScopeIds = "scope_ids";
    public const string Nonce = "nonce";
    public const string InputDigest = "input_digest";
    public const string FeatureDigest = "feature_digest";
    public const string SchemaDigest = "schema_digest";
    public const string EvidenceLineageDigest = "evidence_lineage_digest";
    public const string PipelineVersion = "pipeline_version";
    public const string ModelManifestDigest = "model_manifest_digest";
    public const string ModelDigest = "model_digest";
    public const string RuntimeImageDigest = "runtime_image_digest";
    public const string RuntimeDigest = "runtime_digest";
    public const string ConfigDigest = "config_digest";
    public const string DeterminismProfile = "determinism_profile";
    public const string Score = "score";
    public const string Status = "status";
    public const string ConfidenceMillionths = "confidence_millionths";
    public const string ReasonCodes = "reason_codes";
    public const string IssuedHeight = "issued_height";
    public const string IssuedAtUnix = "issued_at_unix";
    public const string ExpiresHeight = "expires_height";
    public const string ExpiresAtUnix = "expires_at_unix";
    public const string SignerKeyId = "signer_key_id";
    public const string SignerFingerprint = "signer_fingerprint";
    public const string SignerSequence = "signer_sequence";

    /// <summary>Receipt-object only: the domain tag, version, RFC 3339 times and the signature.</summary>
    public const string Domain = "domain";
    public const string Version = "version";
    public const string IssuedAt = "issued_at";
    public const string ExpiresAt = "expires_at";
    public const string Signature = "signature";

    /// <summary>The sign envelope's field order after <c>domain</c> and <c>version</c>.</summary>
    public static IReadOnlyList<string> Order { get; } =
    [
        ChainId, AccountAddress, RequestId, ScopeIds, Nonce, InputDigest, FeatureDigest, SchemaDigest,
        EvidenceLineageDigest, PipelineVersion, ModelManifestDigest, ModelDigest, RuntimeImageDigest,
        RuntimeDigest, ConfigDigest, DeterminismProfile, Score, Status, ConfidenceMillionths, ReasonCodes,
        IssuedHeight, IssuedAtUnix, ExpiresHeight, ExpiresAtUnix, SignerKeyId, SignerFingerprint, SignerSequence,
    ];

    /// <summary>The outcome fields the context digest leaves out.</summary>
    public static IReadOnlySet<string> OutcomeFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Score, Status, ConfidenceMillionths, ReasonCodes,
    };
}
