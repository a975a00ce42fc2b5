using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.Signing;

namespace TrustScore.Governance;

/// <summary>
/// The registry side of <c>proposal check</c> (docs/governance.md, "Checking a proposal before
/// voting"): the version directory whose bytes every check reads, the registry's published versions
/// (for publish order) and where its audit log lives. A local registry's version is read in place;
/// an <c>s3://</c> registry's version is downloaded once into a private temporary directory by
/// <see cref="S3Registry.DownloadVersionAsync"/>, which re-hashes every object against the
/// registry's <c>metadata.json</c> as it streams, and the checks then read exactly those
/// downloaded bytes (never a second fetch, never a manifest over the bytes). Disposing deletes the download.
/// </summary>
internal sealed class ProposalRegistryCopy : IDisposable
{
    private const string Actor = "proposal-check";

    private readonly string? scratch;

    private ProposalRegistryCopy(string location, string? versionDir, IReadOnlyList<RegistryEntry> published, string? auditDirectory, string? scratch)
    {
        Location = location;
        VersionDir = versionDir;
        Published = published;
        AuditDirectory = auditDirectory;
        this.scratch = scratch;
    }

    /// <summary>The registry as given (a path or <c>s3://bucket/prefix</c>).</summary>
    public string Location { get; }

    /// <summary>The version directory the checks read (the download for S3), or null when the registry holds no such version.</summary>
    public string? VersionDir { get; }

    /// <summary>Every published version of the registry, for the publish sequence.</summary>
    public IReadOnlyList<RegistryEntry> Published { get; }

    /// <summary>The folder holding the audit log (<c>rollback_log.jsonl</c>), or null when none is known (S3 without <c>--audit-dir</c>).</summary>
    public string? AuditDirectory { get; }

    /// <summary>True for an <c>s3://</c> registry.</summary>
    public bool IsS3 => S3RegistryLocation.IsS3Url(Location);

    /// <summary>What reading the version from S3 found (objects against metadata.json, Object Lock), or null for a local registry.</summary>
    public S3VersionVerification? S3 { get; private init; }

    /// <summary>The <c>s3://</c> URL of the version's archive (S3 only).</summary>
    public string? S3ArchiveUrl { get; private init; }

    /// <summary>The off-chain metadata read from the registry's bucket (its URL and bytes), when the proposal's metadata URI is in it.</summary>
    public (string Url, byte[] Bytes)? S3Metadata { get; private init; }

    /// <summary>
    /// Finds the version <paramref name="claims"/> name in <paramref name="registry"/>: a
    /// register proposal's version, or the published version a rollback's model id was derived from.
    /// </summary>
    /// <exception cref="BadInputException">The registry does not exist (a missing folder or bucket, or a malformed s3:// URL).</exception>
    /// <exception cref="RemoteFailedException">S3 failed or was unreachable.</exception>
    public static ProposalRegistryCopy Open(string registry, ProposalClaims claims, ProposalCheckOptions options, string? metadataUri)
    {
        return S3RegistryLocation.IsS3Url(registry) ? OpenS3(registry, claims, options, metadataUri) : OpenLocal(registry, claims, options);
    }

    /// <summary>
    /// <paramref name="detail"/> as the voter should read it: for S3, the temporary download's
    /// path (deleted when the check ends) is replaced by the version's <c>s3://</c> folder it came from.
    /// </summary>
    public string Shown(string detail) =>
        S3 is { } s3 && VersionDir is not null
            ? detail.Replace(VersionDir + Path.DirectorySeparatorChar, s3.Location, StringComparison.Ordinal).Replace(VersionDir, s3.Location.TrimEnd('/'), StringComparison.Ordinal)
            : detail;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (scratch is not null && Directory.Exists(scratch))
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover temporary copy costs disk only; the report stands.
            }
        }
    }

    private static ProposalRegistryCopy OpenLocal(string registry, ProposalClaims claims, ProposalCheckOptions options)
    {
        if (!Directory.Exists(registry))
        {
            throw new BadInputException($"registry '{registry}' does not exist.");
        }

        string? dir;
        if (claims.Register is { } info)
        {
            string candidate = Path.Combine(registry, info.Version);
            dir = VersionName.IsValid(info.Version) && Directory.Exists(candidate) && ModelTypes.ModelId(TryReadManifest(candidate)?.Model.Name ?? info.Name, info.Version) == claims.ModelId ? candidate : null;
        }
        else
        {
            // A rollback names only the model id: find the published version it was derived from.
            dir = Directory.EnumerateDirectories(registry)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault(d => TryReadManifest(d) is { } m && ModelTypes.ModelId(m.Model.Name, m.Model.Version) == claims.ModelId);
        }

        var published = new LocalRegistry(registry, TimeProvider.System, Actor).List();
        return new ProposalRegistryCopy(registry, dir, published, options.AuditDirectory ?? registry, scratch: null);
    }

    private static ProposalRegistryCopy OpenS3(string registry, ProposalClaims claims, ProposalCheckOptions options, string? metadataUri)
    {
        using var s3 = new S3Registry((options.S3 ?? new S3ConnectionOptions()).ToRegistryOptions(registry, Actor));
        S3RegistryLocation location = s3.RegistryLocation;
        IReadOnlyList<RegistryEntry> published = s3.List();

        // Register: the version the message names. Rollback: every published version the model id could derive from.
        var candidates = claims.Register is { } info
            ? (VersionName.IsValid(info.Version) && published.Any(e => e.Version == info.Version) ? [info.Version] : [])
            : published.Select(e => e.Version).Where(v => claims.ModelId.EndsWith("-" + v, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        (string Url, byte[] Bytes)? metadata = null;
        string? metadataKey = metadataUri is not null && metadataUri.StartsWith($"{S3RegistryLocation.Scheme}{location.Bucket}/", StringComparison.Ordinal)
            ? metadataUri[$"{S3RegistryLocation.Scheme}{location.Bucket}/".Length..]
            : null;
        if (metadataKey is not null && options.MetadataFile is null && s3.TryGetObject(metadataKey) is { } bytes)
        {
            metadata = (metadataUri!, bytes);
        }

        string scratch = Path.Combine(Path.GetTempPath(), $"trustscore-proposal-check-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            foreach (string version in candidates)
            {
                // The proposal's metadata may be published in the version's folder (proposal create's default): not an extra object.
                string folder = location.VersionPrefix(version);
                string[] tolerated = metadataKey is not null && metadataKey.StartsWith(folder, StringComparison.Ordinal) ? [metadataKey[folder.Length..]] : [];
                string dir = Path.Combine(scratch, version);
                S3VersionVerification verification = s3.DownloadVersionAsync(version, dir, tolerated).GetAwaiter().GetResult();
                string modelName = TryReadManifest(dir)?.Model.Name ?? claims.Register?.Name ?? string.Empty;
                if (ModelTypes.ModelId(modelName, version) == claims.ModelId)
                {
                    return new ProposalRegistryCopy(registry, dir, published, options.AuditDirectory, scratch)
                    {
                        S3 = verification,
                        S3ArchiveUrl = location.UrlOf(location.Key(version, ArtifactChecker.ArchiveName(version))),
                        S3Metadata = metadata,
                    };
                }
            }

            return new ProposalRegistryCopy(registry, null, published, options.AuditDirectory, scratch) { S3Metadata = metadata };
        }
        catch
        {
            new ProposalRegistryCopy(registry, null, published, null, scratch).Dispose();
            throw;
        }
    }

    /// <summary>The manifest of <paramref name="versionDir"/>, or null when it cannot be read.</summary>
    public static Manifest? TryReadManifest(string versionDir)
    {
        try
        {
            return Manifest.Read(VersionLayout.ManifestPath(versionDir));
        }
        catch (BadInputException)
        {
            return null;
        }
    }
}
