namespace TrustScore.Receipts;

/// <summary>
/// A signed inference receipt in the VirtEngine node's format (docs/serving.md "Inference
/// receipts"): which chain, account and request a score was computed for, from which input, by
/// which model and runtime, with which result, when, and signed by whom. Field names and order
/// are those of the node's sign envelope (<see cref="ReceiptFieldNames.Order"/>). The nine digest
/// fields are raw 32-byte SHA-256 values (base64 in JSON); <see cref="Signature"/> is empty until
/// <see cref="ReceiptSigner.Sign"/> fills it.
/// </summary>
public sealed record InferenceReceipt
{
    /// <summary>The receipt's domain tag (the <c>domain</c> of the receipt object).</summary>
    public const string Domain = "VEID_INFERENCE_RECEIPT";

    /// <summary>The only receipt version.</summary>
    public const uint Version = 1;

    public required string ChainId { get; init; }

    public required string AccountAddress { get; init; }

    public required string RequestId { get; init; }

    /// <summary>Sorted by ordinal, unique, non-empty (see <see cref="ReceiptCanonical.Strings"/>).</summary>
    public required IReadOnlyList<string> ScopeIds { get; init; }

    public required string Nonce { get; init; }

    public required byte[] InputDigest { get; init; }

    public required byte[] FeatureDigest { get; init; }

    public required byte[] SchemaDigest { get; init; }

    public required byte[] EvidenceLineageDigest { get; init; }

    public required string PipelineVersion { get; init; }

    public required byte[] ModelManifestDigest { get; init; }

    public required byte[] ModelDigest { get; init; }

    public required byte[] RuntimeImageDigest { get; init; }

    public required byte[] RuntimeDigest { get; init; }

    public required byte[] ConfigDigest { get; init; }

    public required DeterminismProfile DeterminismProfile { get; init; }

    /// <summary>The integer score 0–100 (the node's truncation rule).</summary>
    public required uint Score { get; init; }

    /// <summary><c>success</c>, <c>partial</c>, <c>failed</c> or <c>error</c>.</summary>
    public required string Status { get; init; }

    public required uint ConfidenceMillionths { get; init; }

    /// <summary>Sorted by ordinal, unique, non-empty, from the node's canonical set.</summary>
    public required IReadOnlyList<string> ReasonCodes { get; init; }

    public required long IssuedHeight { get; init; }

    /// <summary>Seconds since the Unix epoch, UTC.</summary>
    public required long IssuedAtUnix { get; init; }

    public required long ExpiresHeight { get; init; }

    /// <summary>Seconds since the Unix epoch, UTC.</summary>
    public required long ExpiresAtUnix { get; init; }

    public required string SignerKeyId { get; init; }

    /// <summary>Lower-case hex SHA-256 of the signer's raw 32-byte Ed25519 public key.</summary>
    public required string SignerFingerprint { get; init; }

    /// <summary>Strictly increasing per signer key; starts at 1.</summary>
    public required ulong SignerSequence { get; init; }

    /// <summary>Ed25519 signature (64 bytes) over <see cref="ReceiptCanonical.SignBytes"/>; empty when unsigned.</summary>
    public byte[] Signature { get; init; } = [];
}
