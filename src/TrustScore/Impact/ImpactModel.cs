namespace TrustScore.Impact;

/// <summary>One side of the comparison.</summary>
/// <param name="Version">Its version (manifest <c>model.version</c>).</param>
/// <param name="Root">Its root digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="VersionDir">The version directory it was loaded from.</param>
public sealed record ImpactModel(string Version, string Root, string VersionDir);
