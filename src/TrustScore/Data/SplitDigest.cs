namespace TrustScore.Data;

/// <summary>Count and digest of one split in a dataset manifest.</summary>
public sealed record SplitDigest(string Name, int Count, string Digest);
