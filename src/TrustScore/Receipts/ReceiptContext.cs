namespace TrustScore.Receipts;

/// <summary>
/// The request context a receipt binds, taken from the request's metadata or — for what the
/// request does not say — from the documented defaults (docs/serving.md "Inference receipts").
/// </summary>
/// <param name="ChainId">The chain the score is for (the service's <c>--chain-id</c>).</param>
/// <param name="AccountAddress">The account being scored.</param>
/// <param name="RequestId">The caller's request id.</param>
/// <param name="ScopeIds">The verification scopes (canonicalised when the receipt is built).</param>
/// <param name="Nonce">The caller's nonce.</param>
/// <param name="EvidenceLineageDigest">32 bytes naming the evidence the features came from.</param>
/// <param name="IssuedHeight">The block height the score is issued at; expiry is two blocks later.</param>
/// <param name="IssuedAtUnix">Issue time, Unix seconds UTC; expiry is <see cref="LifetimeSeconds"/> later.</param>
public sealed record ReceiptContext(
    string ChainId,
    string AccountAddress,
    string RequestId,
    IReadOnlyList<string> ScopeIds,
    string Nonce,
    byte[] EvidenceLineageDigest,
    long IssuedHeight,
    long IssuedAtUnix)
{
    /// <summary>Seconds from issue to expiry (within the node's 10-minute limit).</summary>
    public const long LifetimeSeconds = 120;

    /// <summary>Blocks from issue to expiry (the node's maximum).</summary>
    public const long LifetimeBlocks = ReceiptRules.MaxHeightLifetime;
}
