namespace TrustScore.Consensus.Digest;

/// <summary>The <see cref="KeeperModelHash"/> of a directory.</summary>
/// <param name="Hash">64 lower-case hex digits, no prefix (what the chain stores as <c>sha256_hash</c>).</param>
/// <param name="Files">The relative names hashed, in hashing (UTF-8 byte) order.</param>
public sealed record KeeperModelHashResult(string Hash, IReadOnlyList<string> Files);
