using TrustScore.IO;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// Registry check <c>archive</c> of a published version: the archive <paramref name="metadata"/>
/// names exists in the version directory and hashes to its <c>archive_digest</c>.
/// </summary>
public sealed class PublishedArchiveCheck(VersionMetadata metadata) : IVersionCheck
{
    /// <inheritdoc/>
    public string Name => "archive";

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        string archivePath = Path.Combine(context.VersionDir, metadata.Archive);
        if (!File.Exists(archivePath))
        {
            return new(Name, false, $"the archive '{metadata.Archive}' is missing.");
        }

        string digest;
        try
        {
            digest = Sha256Text.OfFileNotFollowingLinks(archivePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(Name, false, $"the archive '{metadata.Archive}' cannot be read: {ex.Message}");
        }

        bool same = Sha256Text.Same(digest, metadata.ArchiveDigest);
        return new(Name, same, same
            ? $"{metadata.Archive} hashes to {digest}."
            : $"{metadata.Archive} hashes to {digest} but metadata.json says {metadata.ArchiveDigest}.");
    }
}
