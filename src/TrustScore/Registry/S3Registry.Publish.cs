using System.Text.Json.Nodes;
using Amazon.S3;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Registry;

/// <summary>Publishing one version: claim, conditional uploads, read-back, metadata last.</summary>
public sealed partial class S3Registry
{
    /// <summary>
    /// Publishes <paramref name="versionDirectory"/> as <paramref name="version"/>:
    /// checks it locally, refuses a bucket without Object Lock unless allowed, claims the version,
    /// uploads each missing object with <c>If-None-Match: *</c>, reads every object back and
    /// recomputes the root digest, then writes <c>metadata.json</c>. Re-running after a failure
    /// resumes: objects already there with the same bytes are kept.
    /// </summary>
    /// <exception cref="BadInputException">The directory, version name or bucket is unusable.</exception>
    /// <exception cref="GatesFailedException">The manifest records failed gates.</exception>
    /// <exception cref="VerificationFailedException">The model does not match its manifest, or the read-back differs.</exception>
    /// <exception cref="ImmutabilityConflictException">The version exists (even partly) with different bytes.</exception>
    /// <exception cref="RemoteFailedException">S3 failed or was unreachable after retries.</exception>
    public Task<PublishResult> PublishAsync(string versionDirectory, string version, CancellationToken cancellationToken = default)
    {
        var source = S3PublishSource.Read(versionDirectory, version);
        return Guard($"publish {version}", () => PublishCheckedAsync(source, cancellationToken));
    }

    private async Task<PublishResult> PublishCheckedAsync(S3PublishSource source, CancellationToken cancellationToken)
    {
        string version = source.Version;
        bool locked = await BucketHasObjectLockAsync(cancellationToken).ConfigureAwait(false);
        if (!locked && !options.AllowUnlockedBucket)
        {
            throw new BadInputException(
                $"S3 bucket '{Bucket}' does not have Object Lock enabled, so a published version could be overwritten or deleted; use a bucket created with Object Lock, or pass --allow-unlocked-bucket to publish without that protection (the override is recorded in the audit log).");
        }

        ObjectLockMode? lockMode = locked ? ToSdkMode(options.RetentionMode) : null;
        DateTime retainUntil = time.GetUtcNow().UtcDateTime.AddDays(options.RetentionDays);
        var expected = source.Files.Select(f => new S3StoredObject(f.Name, f.Sha256, f.Size, null)).ToList();
        string archiveName = source.ArchiveName;
        string archiveDigest = source.ArchiveDigest;

        var existing = await TryGetMetadataAsync(version, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!existing.SameContentAs(source.RootDigest, archiveDigest, expected))
            {
                throw Conflict(version, DescribeDifference(existing.Files, expected));
            }

            // Identical: still prove that what S3 serves is what was published.
            var check = await VerifyVersionAsync(version, cancellationToken).ConfigureAwait(false);
            check.ToReport().ThrowIfFailed($"version '{version}' is already published in {Location} with identical content, but what S3 serves is not accepted");

            return Result(source, archiveDigest, archiveName, PublishOutcome.AlreadyPublishedIdentical);
        }

        await ClaimAsync(source, archiveDigest, lockMode, retainUntil, cancellationToken).ConfigureAwait(false);

        var stored = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in source.Files)
        {
            stored[file.Name] = await StoreAsync(version, file, lockMode, retainUntil, cancellationToken).ConfigureAwait(false);
            options.ObjectStored?.Invoke(file.Name);
        }

        var objects = await ReadBackAllAsync(source, stored, lockMode, retainUntil, cancellationToken).ConfigureAwait(false);

        var metadata = new S3VersionMetadata(
            version,
            source.RootDigest,
            archiveName,
            archiveDigest,
            objects,
            time.GetUtcNow(),
            publisher,
            source.R2,
            source.Mae,
            lockMode?.Value,
            lockMode is null ? null : new DateTimeOffset(retainUntil, TimeSpan.Zero),
            UnlockedBucketOverride: !locked);
        var outcome = PublishOutcome.Published;
        string metadataKey = options.Location.Key(version, S3VersionMetadata.FileName);
        try
        {
            await PutNewBytesAsync(metadataKey, metadata.ToJsonBytes(), lockMode, retainUntil, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (IsPreconditionFailed(ex))
        {
            // Another publisher of the same content completed the version first.
            outcome = PublishOutcome.AlreadyPublishedIdentical;
        }

        var written = await TryGetMetadataAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new VerificationFailedException($"{options.Location.UrlOf(metadataKey)} was written but cannot be read back.");
        if (!written.SameContentAs(source.RootDigest, archiveDigest, expected))
        {
            throw outcome == PublishOutcome.AlreadyPublishedIdentical
                ? Conflict(version, DescribeDifference(written.Files, expected))
                : new VerificationFailedException($"{options.Location.UrlOf(metadataKey)} read back differs from what was written.");
        }

        options.ObjectStored?.Invoke(S3VersionMetadata.FileName);
        return Result(source, archiveDigest, archiveName, outcome);
    }

    private PublishResult Result(S3PublishSource source, string archiveDigest, string archiveName, PublishOutcome outcome)
    {
        string folder = options.Location.UrlOf(options.Location.VersionPrefix(source.Version));
        string artifact = options.Location.UrlOf(options.Location.Key(source.Version, archiveName));
        return new PublishResult(source.Version, source.RootDigest, archiveDigest, folder, artifact, outcome);
    }

    /// <summary>
    /// Writes the claim (the content this version will hold) first. If it is already there, it must
    /// say the same; else the version belongs to a different model and nothing is written. Then the
    /// folder may hold only objects of this content.
    /// </summary>
    private async Task ClaimAsync(S3PublishSource source, string archiveDigest, ObjectLockMode? lockMode, DateTime retainUntil, CancellationToken cancellationToken)
    {
        string key = options.Location.Key(source.Version, ClaimFileName);
        byte[] claim = ClaimBytes(source, archiveDigest);
        try
        {
            await PutNewBytesAsync(key, claim, lockMode, retainUntil, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (IsPreconditionFailed(ex))
        {
            byte[]? other = await TryGetBytesAsync(key, cancellationToken).ConfigureAwait(false);
            if (other is null || !other.AsSpan().SequenceEqual(claim))
            {
                throw Conflict(source.Version, $"{ClaimFileName} there claims the version for different content");
            }
        }

        var allowed = source.Files.Select(f => f.Name).Append(ClaimFileName).Append(S3VersionMetadata.FileName).ToHashSet(StringComparer.Ordinal);
        var strangers = (await ListVersionObjectsAsync(source.Version, cancellationToken).ConfigureAwait(false)).Where(n => !allowed.Contains(n)).ToList();
        if (strangers.Count > 0)
        {
            throw Conflict(source.Version, $"its folder holds objects this model does not have: {string.Join(", ", strangers)}");
        }
    }

    private static byte[] ClaimBytes(S3PublishSource source, string archiveDigest)
    {
        var files = new JsonArray();
        foreach (var f in source.Files)
        {
            files.Add(new JsonObject { ["name"] = f.Name, ["sha256"] = f.Sha256, ["size"] = f.Size });
        }

        // Typed as JsonNode so the canonical writer is used directly, not the generic serializer overload.
        JsonNode claim = new JsonObject
        {
            ["format"] = "trustscore.s3-registry.claim/1",
            ["version"] = source.Version,
            ["root_digest"] = source.RootDigest,
            ["archive_digest"] = archiveDigest,
            ["files"] = files,
        };
        return CanonicalJson.ToUtf8Bytes(claim);
    }

    /// <summary>Uploads one file unless an identical object is already there (a resumed publish); returns its object version.</summary>
    private async Task<string?> StoreAsync(string version, S3SourceFile file, ObjectLockMode? lockMode, DateTime retainUntil, CancellationToken cancellationToken)
    {
        string key = options.Location.Key(version, file.Name);
        try
        {
            return NullIfUnversioned(await PutNewFileAsync(key, file, lockMode, retainUntil, cancellationToken).ConfigureAwait(false));
        }
        catch (AmazonS3Exception ex) when (IsPreconditionFailed(ex))
        {
            var remote = await ReadBackAsync(key, saveTo: null, cancellationToken).ConfigureAwait(false);
            if (remote?.Sha256 is null || !string.Equals(remote.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Conflict(version, $"{file.Name} is already there with different bytes");
            }

            return remote.VersionId;
        }
    }

    /// <summary>
    /// Reads every uploaded object back, compares its SHA-256 with the local file, makes sure it is
    /// locked, and recomputes the root digest from the downloaded <c>model/</c> (never trust the server).
    /// </summary>
    private async Task<IReadOnlyList<S3StoredObject>> ReadBackAllAsync(
        S3PublishSource source, IReadOnlyDictionary<string, string?> stored, ObjectLockMode? lockMode, DateTime retainUntil, CancellationToken cancellationToken)
    {
        string scratch = Path.Combine(Path.GetTempPath(), $"trustscore-s3-readback-{Guid.NewGuid():N}");
        try
        {
            var objects = new List<S3StoredObject>();
            foreach (var file in source.Files)
            {
                string key = options.Location.Key(source.Version, file.Name);
                string url = options.Location.UrlOf(key);
                var remote = await ReadBackAsync(key, Path.Combine(scratch, file.Name), cancellationToken).ConfigureAwait(false)
                    ?? throw new VerificationFailedException($"{url} was uploaded but S3 does not return it.");
                if (remote.Sha256 is null || !string.Equals(remote.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase) || remote.Size != file.Size)
                {
                    throw new VerificationFailedException(
                        $"{url} read back as {remote.Sha256 ?? remote.Failure} ({remote.Size} bytes) but the local {file.Name} is {file.Sha256} ({file.Size} bytes); the upload was corrupted.");
                }

                string? written = stored[file.Name];
                if (written is not null && remote.VersionId is not null && written != remote.VersionId)
                {
                    throw new VerificationFailedException($"{url} was replaced by another object version ({remote.VersionId}) right after this publish wrote {written}.");
                }

                if (lockMode is not null && NeedsLock(remote.LockMode, lockMode))
                {
                    await ApplyLockAsync(key, remote.VersionId, lockMode, retainUntil, cancellationToken).ConfigureAwait(false);
                }

                objects.Add(new S3StoredObject(file.Name, file.Sha256, file.Size, remote.VersionId));
            }

            string root = S3PublishSource.ComputeRootDigest(Path.Combine(scratch, "model"));
            if (!ModelDigestResult.RootsEqual(root, source.RootDigest))
            {
                throw new VerificationFailedException(
                    $"the model read back from {options.Location.UrlOf(options.Location.Key(source.Version, "model/"))} has root digest {root}, not {source.RootDigest}.");
            }

            return objects;
        }
        finally
        {
            DeleteQuietly(scratch);
        }
    }

    /// <summary>
    /// True when an object's lock is weaker than requested: absent, or GOVERNANCE where COMPLIANCE
    /// was asked for. A COMPLIANCE lock left by an earlier attempt already satisfies GOVERNANCE.
    /// </summary>
    private static bool NeedsLock(string? current, ObjectLockMode requested) =>
        current is null
        || (requested == ObjectLockMode.Compliance && current != ObjectLockMode.Compliance.Value);

    private ImmutabilityConflictException Conflict(string version, string detail) =>
        new($"version '{version}' already exists in {Location} with different content ({detail}); a published version is never changed, so publish under a new version.");

    private static string DescribeDifference(IReadOnlyList<S3StoredObject> published, IReadOnlyList<S3StoredObject> local)
    {
        var remote = published.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var mine = local.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var changed = mine.Keys.Where(n => remote.TryGetValue(n, out var r) && !string.Equals(r.Sha256, mine[n].Sha256, StringComparison.OrdinalIgnoreCase));
        var added = mine.Keys.Where(n => !remote.ContainsKey(n));
        var removed = remote.Keys.Where(n => !mine.ContainsKey(n));
        var parts = new List<string>();
        AddPart(parts, "changed", changed);
        AddPart(parts, "only here", added);
        AddPart(parts, "only in the registry", removed);
        return parts.Count == 0 ? "a different root or archive digest" : string.Join("; ", parts);
    }

    private static void AddPart(List<string> parts, string label, IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        if (list.Count > 0)
        {
            parts.Add($"{label}: {string.Join(", ", list)}");
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
