namespace TrustScore.Signing;

/// <summary>
/// <c>keeper_hash</c>: the hash a validator's keeper computes over <c>model/</c> and compares with
/// the chain's <c>sha256_hash</c> (docs/formats.md §1b), recorded beside the OpenSSF root.
/// </summary>
/// <param name="Recipe">The recipe's stable name, <c>virtengine-keeper/1</c>.</param>
/// <param name="Hash">64 lower-case hex digits, no prefix.</param>
public sealed record ManifestKeeperHash(string Recipe, string Hash);
