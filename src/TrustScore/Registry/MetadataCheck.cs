using TrustScore.IO;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>Registry check <c>metadata</c> of a published version: <c>metadata.json</c> is readable and names this version and the digest <c>model/</c> has now.</summary>
public sealed class MetadataCheck : IVersionCheck
{
    /// <summary>The check's name in reports.</summary>
    public const string CheckName = "metadata";

    /// <inheritdoc/>
    public string Name => CheckName;

    /// <inheritdoc/>
    public VerificationCheck Run(VersionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        string path = Path.Combine(context.VersionDir, VersionMetadata.FileName);
        VersionMetadata metadata;
        try
        {
            metadata = VersionMetadata.Read(path);
        }
        catch (Exception ex) when (ex is Errors.BadInputException or IOException)
        {
            return new(CheckName, false, File.Exists(path) ? ex.Message : "metadata.json is missing; the version is incomplete.");
        }

        string version = RegistryVerification.VersionOf(context);
        string? root = context.Digest?.Root;
        bool same = metadata.Version == version && Sha256Text.Same(metadata.RootDigest, root);
        return new(CheckName, same, same
            ? "metadata.json names this version and digest."
            : $"metadata.json says {metadata.Version} {metadata.RootDigest}, the directory is {version} {root}.");
    }
}
