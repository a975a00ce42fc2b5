namespace TrustScore.Signing;

/// <summary><c>numerics</c>: the numerics contract version the consensus scorer implements.</summary>
public sealed record ManifestNumerics(string Contract);
