namespace TrustScore.Serving;

/// <summary>
/// How <c>serve --receipt-key</c> signs inference receipts (docs/serving.md "Receipts from the
/// service").
/// </summary>
/// <param name="KeyPath">The Ed25519 PKCS#8 private key (PEM, owner-only, like signing keys).</param>
/// <param name="KeyId">The <c>signer_key_id</c>; null means <c>trustscore/</c> and the first 16 hex digits of the key's fingerprint.</param>
/// <param name="ChainId">The <c>chain_id</c> of every receipt.</param>
/// <param name="SequencePath">The durable signer-sequence state file; null means <c>&lt;KeyPath&gt;.sequence.json</c>.</param>
public sealed record ReceiptOptions(string KeyPath, string? KeyId = null, string ChainId = ReceiptOptions.DefaultChainId, string? SequencePath = null)
{
    /// <summary>The chain profile's default chain id.</summary>
    public const string DefaultChainId = "virtengine-1";

    /// <summary>The sequence file used when none is given.</summary>
    public string EffectiveSequencePath => SequencePath ?? KeyPath + ".sequence.json";
}
