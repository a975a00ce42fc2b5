using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>Verifying a published version from what S3 serves now.</summary>
public sealed partial class S3Registry
{
    /// <summary>
    /// Downloads every object of a published <paramref name="version"/> (the current object
    /// versions, what any consumer gets), re-hashes each against <c>metadata.json</c>, checks the
    /// Object Lock, and recomputes the root digest from the downloaded <c>model/</c>.
    /// </summary>
    /// <exception cref="BadInputException">The version is not (completely) published.</exception>
    /// <exception cref="RemoteFailedException">S3 failed or was unreachable after retries.</exception>
    public Task<S3VersionVerification> VerifyVersionAsync(string version, CancellationToken cancellationToken = default)
    {
        VersionName.Validate(version);
        return Guard($"verify version {version}", () => VerifyCheckedAsync(version, keepIn: null, [], cancellationToken));
    }

    /// <summary>
    /// <see cref="VerifyVersionAsync"/>, keeping what was downloaded: every listed object and the
    /// exact <c>metadata.json</c> bytes the verification read land in <paramref name="directory"/>
    /// (which must not exist yet), laid out as a local registry version, so later checks read the
    /// very bytes S3 served rather than fetching again. Objects under the version named in
    /// <paramref name="tolerated"/> (relative names) are not reported as extra; they are not downloaded.
    /// </summary>
    /// <exception cref="BadInputException">The version is not (completely) published.</exception>
    /// <exception cref="RemoteFailedException">S3 failed or was unreachable after retries.</exception>
    public Task<S3VersionVerification> DownloadVersionAsync(string version, string directory, IReadOnlyCollection<string> tolerated, CancellationToken cancellationToken = default)
    {
        VersionName.Validate(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(tolerated);
        if (Directory.Exists(directory) || File.Exists(directory))
        {
            throw new ArgumentException($"'{directory}' already exists; the download goes into a new directory.", nameof(directory));
        }

        return Guard($"download version {version}", () => VerifyCheckedAsync(version, directory, tolerated, cancellationToken));
    }

    private async Task<S3VersionVerification> VerifyCheckedAsync(string version, string? keepIn, IReadOnlyCollection<string> tolerated, CancellationToken cancellationToken)
    {
        string metadataKey = options.Location.Key(version, S3VersionMetadata.FileName);
        byte[] metadataBytes = await TryGetBytesAsync(metadataKey, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"version '{version}' is not published in {Location} (no {S3VersionMetadata.FileName}).");
        var metadata = S3VersionMetadata.Parse(metadataBytes, options.Location.UrlOf(metadataKey));
        string folder = options.Location.UrlOf(options.Location.VersionPrefix(version));
        var missing = new List<string>();
        var changed = new List<string>();
        var problems = new List<string>();

        if (metadata.Version != version)
        {
            problems.Add($"{S3VersionMetadata.FileName} names version '{metadata.Version}', not '{version}'.");
        }

        var listed = metadata.Files.Select(f => f.Name).Append(ClaimFileName).Append(S3VersionMetadata.FileName).Concat(tolerated).ToHashSet(StringComparer.Ordinal);
        var extra = (await ListVersionObjectsAsync(version, cancellationToken).ConfigureAwait(false))
            .Where(n => !listed.Contains(n)).Order(StringComparer.Ordinal).ToList();
        problems.AddRange(extra.Select(n => $"{n}: not part of the published version."));

        string scratch = keepIn ?? Path.Combine(Path.GetTempPath(), $"trustscore-s3-verify-{Guid.NewGuid():N}");
        try
        {
            if (keepIn is not null)
            {
                // The metadata bytes the checks below used, not a second read that could differ.
                Directory.CreateDirectory(scratch);
                await File.WriteAllBytesAsync(Path.Combine(scratch, S3VersionMetadata.FileName), metadataBytes, cancellationToken).ConfigureAwait(false);
            }

            foreach (var file in metadata.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                string key = options.Location.Key(version, file.Name);
                var remote = await ReadBackAsync(key, Path.Combine(scratch, file.Name), cancellationToken).ConfigureAwait(false);
                if (remote is null)
                {
                    missing.Add(file.Name);
                    problems.Add($"{file.Name}: missing (S3 returns no current object).");
                    continue;
                }

                if (remote.Sha256 is null || !string.Equals(remote.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase) || remote.Size != file.Size)
                {
                    changed.Add(file.Name);
                    problems.Add($"{file.Name}: sha256 {remote.Sha256 ?? remote.Failure} ({remote.Size} bytes), published {file.Sha256} ({file.Size} bytes).");
                }
                else if (file.VersionId is not null && remote.VersionId is not null && file.VersionId != remote.VersionId)
                {
                    problems.Add($"{file.Name}: the current object version {remote.VersionId} is not the published {file.VersionId}.");
                }

                // After the retention has run out S3 may stop reporting a lock; that is expiry, not tampering.
                bool lockStillDue = metadata.RetainUntil is not { } until || until > time.GetUtcNow();
                if (metadata.LockMode is not null && lockStillDue && remote.LockMode != metadata.LockMode)
                {
                    problems.Add($"{file.Name}: Object Lock is {remote.LockMode ?? "absent"}, published {metadata.LockMode}.");
                }
            }

            string? actualRoot = null;
            bool modelComplete = !missing.Any(n => n.StartsWith("model/", StringComparison.Ordinal));
            if (modelComplete && Directory.Exists(Path.Combine(scratch, "model")))
            {
                actualRoot = S3PublishSource.ComputeRootDigest(Path.Combine(scratch, "model"));
                if (!ModelDigestResult.RootsEqual(actualRoot, metadata.RootDigest))
                {
                    problems.Add($"model/: root digest {actualRoot}, published {metadata.RootDigest}.");
                }
            }
            else
            {
                problems.Add("model/: cannot recompute the root digest; model files are missing.");
            }

            CheckManifest(Path.Combine(scratch, "manifest.json"), version, metadata.RootDigest, actualRoot is null ? null : Path.Combine(scratch, "model"), problems);
            var archive = metadata.Files.FirstOrDefault(f => f.Name == metadata.ArchiveName);
            if (archive is null || !ModelDigestResult.RootsEqual(metadata.ArchiveDigest, archive.Sha256))
            {
                problems.Add($"{metadata.ArchiveName}: archive_digest {metadata.ArchiveDigest} does not match the listed file.");
            }

            return new S3VersionVerification(version, folder, metadata.RootDigest, actualRoot, missing, changed, extra, problems);
        }
        finally
        {
            if (keepIn is null)
            {
                DeleteQuietly(scratch);
            }
        }
    }

    /// <summary>
    /// The downloaded manifest must name the published root and <paramref name="version"/>, be
    /// valid (release verdict recomputed from the gate values), and its <c>keeper_hash</c> (the
    /// chain's <c>sha256_hash</c>, docs/formats.md §1b) must be the keeper hash of the downloaded
    /// <c>model/</c> (<paramref name="modelDir"/>; null when the model files are incomplete).
    /// </summary>
    private static void CheckManifest(string manifestPath, string version, string rootDigest, string? modelDir, List<string> problems)
    {
        if (!File.Exists(manifestPath))
        {
            problems.Add("manifest.json: not available to check digest.root.");
            return;
        }

        try
        {
            Manifest manifest = Manifest.Read(manifestPath);
            string root = manifest.Digest.Root;
            if (!ModelDigestResult.RootsEqual(root, rootDigest))
            {
                problems.Add($"manifest.json: digest.root {root}, published {rootDigest}.");
            }

            // Name bound to content, verdict recomputed: as for a local registry version.
            if (manifest.Model.Version != version)
            {
                problems.Add($"manifest.json: model.version '{manifest.Model.Version}' does not match the version name '{version}'.");
            }

            problems.AddRange(manifest.Validate().Select(p => $"manifest.json: {p}."));
            if (modelDir is not null)
            {
                // The one keeper-hash rule, as verify and the local registry apply it.
                var keeper = VersionVerifier.CheckKeeperHash(Path.GetDirectoryName(modelDir)!, manifest);
                if (!keeper.Passed)
                {
                    problems.Add($"{keeper.Name}: {keeper.Detail}.");
                }
            }
        }
        catch (BadInputException ex)
        {
            problems.Add($"manifest.json: {ex.Message}");
        }
    }
}
