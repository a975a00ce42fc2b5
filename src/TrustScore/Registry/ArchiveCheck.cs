using TrustScore.IO;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>Registry check <c>archive</c> of a published version: the archive <c>metadata.json</c> names is present and has the SHA-256 recorded there.</summary>
public sealed class ArchiveCheck : IVersionCheck
{
    /// <summary>The check's name in reports.</summary>
    public const string CheckName = "archive";

    /// <inheritdoc/>
    public string Name => CheckName;

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        VersionMetadata metadata;
        try
        {
            metadata = VersionMetadata.Read(Path.Combine(context.VersionDir, VersionMetadata.FileName));
        }
        catch (Exception ex) when (ex is Errors.BadInputException or IOException)
        {
            return new(CheckName, false, "not checked: metadata.json, which records the archive's digest, cannot be read.");
        }

        string archivePath = Path.Combine(context.VersionDir, metadata.Archive);
        if (!File.Exists(archivePath))
        {
            return new(CheckName, false, $"the archive '{metadata.Archive}' is missing.");
        }

        string digest = Sha256Text.OfFile(archivePath);
        bool same = Sha256Text.Same(digest, metadata.ArchiveDigest);
        return new(CheckName, same, same
            ? $"{metadata.Archive} hashes to {digest}."
            : $"{metadata.Archive} hashes to {digest} but metadata.json says {metadata.ArchiveDigest}.");
    }
}
