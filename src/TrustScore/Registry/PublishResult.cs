namespace TrustScore.Registry;

/// <summary>The result of <see cref="IRegistry.Publish"/>.</summary>
/// <param name="Version">The version name (e.g. <c>v20250101_120000</c>).</param>
/// <param name="RootDigest">The model's root digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="ArchiveDigest">SHA-256 of the reproducible archive, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Location">Where the version now lives (a path or an s3:// URL of its folder).</param>
/// <param name="ArtifactUrl">The archive's path or s3:// URL (what a proposal points at).</param>
/// <param name="Outcome">Whether bytes were written or were already there.</param>
public sealed record PublishResult(
    string Version,
    string RootDigest,
    string ArchiveDigest,
    string Location,
    string ArtifactUrl,
    PublishOutcome Outcome);
