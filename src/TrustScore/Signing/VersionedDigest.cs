namespace TrustScore.Signing;

/// <summary>A versioned document and the lower-case hex SHA-256 of its bytes (<c>feature_schema</c>, <c>config</c>).</summary>
public sealed record VersionedDigest(string Version, string Sha256);
