namespace TrustScore.Governance;

/// <summary>What <see cref="ArtifactChecker"/> found out about a proposal's model URL.</summary>
/// <param name="Url">The URL as given.</param>
/// <param name="Scheme">file, s3, https or ipfs.</param>
/// <param name="ContentVerified">True when the registry copy behind the URL was read and matched the manifest.</param>
/// <param name="Detail">One sentence saying what was checked (or why it could not be).</param>
public sealed record ArtifactCheck(string Url, string Scheme, bool ContentVerified, string Detail);
