using TrustScore.IO;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// Registry check <c>metadata</c> of a published version: its <c>metadata.json</c> (already read,
/// <paramref name="metadata"/>) names <paramref name="version"/> and the root recomputed from
/// <c>model/</c> (<paramref name="computedRoot"/>; null when the digest refused it).
/// </summary>
public sealed class PublishedMetadataCheck(VersionMetadata metadata, string version, string? computedRoot) : IVersionCheck
{
    /// <inheritdoc/>
    public string Name => "metadata";

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        bool same = metadata.Version == version && Sha256Text.Same(metadata.RootDigest, computedRoot);
        return new(Name, same, same
            ? "metadata.json names this version and digest."
            : $"metadata.json says {metadata.Version} {metadata.RootDigest}, the directory is {version} {computedRoot}.");
    }
}
