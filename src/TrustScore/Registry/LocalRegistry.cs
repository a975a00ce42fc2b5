using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Signing;

namespace TrustScore.Registry;

/// <summary>
/// The write-once registry in a local directory (runbook §3.1; docs/formats/registry.md;
/// docs/formats/registry.md). Each version is <c>&lt;root&gt;/&lt;version&gt;/</c>: the loose
/// version files, a reproducible <c>trust_score_&lt;version&gt;.tar.gz</c> and a
/// <c>metadata.json</c>. A publish assembles and verifies the version in a staging directory
/// inside the root (same filesystem), fsyncs it, makes it read-only and renames it into place,
/// all under the registry's publish lock, so readers never see a partial version and N
/// concurrent publishers produce exactly one winner; the others find the finished version and
/// get "already published (identical)" or an immutability conflict.
/// </summary>
public sealed class LocalRegistry : IRegistry
{
    /// <summary>Lock file serialising publishes into one registry.</summary>
    public const string PublishLockName = ".publish.lock";

    private const string StagingPrefix = ".staging-";

    private readonly TimeProvider time;
    private readonly string publisher;
    private readonly TimeSpan lockWait;

    /// <summary>A registry rooted at <paramref name="root"/> (created on first publish).</summary>
    public LocalRegistry(string root, TimeProvider time, string publisher, TimeSpan? lockWait = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Location = root;
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        this.time = time;
        this.publisher = publisher;
        this.lockWait = lockWait ?? TimeSpan.FromMinutes(2);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <summary>The registry directory's full path.</summary>
    public string Root { get; }

    /// <summary>The directory of <paramref name="version"/> (whether or not it exists).</summary>
    public string VersionPath(string version) => Path.Combine(Root, VersionName.Validate(version));

    /// <inheritdoc/>
    public PublishResult Publish(string versionDirectory, string version, CancellationToken cancellationToken = default)
    {
        VersionName.Validate(version);
        string source = Path.GetFullPath(versionDirectory);
        var sourceFiles = VersionFiles.List(source);
        if (sourceFiles.Any(ReproducibleArchive.IsRegistryFile))
        {
            throw new BadInputException($"'{source}' already contains a registry file (metadata.json or trust_score_*.tar.gz); publish the exported version directory, not a published one.");
        }

        RefuseOtherName(source, version);
        Directory.CreateDirectory(Root);
        NoFollow.RefuseLink(Root, "registry directory");
        using var guard = ExclusiveLock.Acquire(Path.Combine(Root, PublishLockName), "publish " + version, lockWait, time, "Another publish to this registry");
        RemoveStaleStaging();

        string target = Path.Combine(Root, version);
        NoFollow.RefuseLink(target, "registry version entry");
        if (Directory.Exists(target))
        {
            return CompareWithPublished(source, sourceFiles, target, version);
        }

        string staging = Path.Combine(Root, $"{StagingPrefix}{version}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            foreach (string relative in sourceFiles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CopyDurably(Path.Combine(source, relative), Path.Combine(staging, relative));
            }

            CrashPoint.Reach("publish-copied");

            // Verify what will be published (the copy), not the source: recompute, never trust.
            var verification = RegistryVerification.Verify(staging, published: false, expectedVersion: version);
            verification.ThrowIfFailed($"'{source}' is not published");

            if (verification.Version != version)
            {
                throw new BadInputException($"'{source}' is version '{verification.Version}' by its manifest, not '{version}'.");
            }

            string archiveName = VersionMetadata.ArchiveName(version);
            byte[] archive = ReproducibleArchive.Create(staging, version);
            WriteDurably(Path.Combine(staging, archiveName), archive);
            var metadata = new VersionMetadata(version, verification.ComputedRoot!, archiveName, Sha256Text.Of(archive), time.GetUtcNow(), publisher);

            // metadata.json last: a directory without it is never a published version.
            WriteDurably(Path.Combine(staging, VersionMetadata.FileName), metadata.ToCanonicalJson());
            CrashPoint.Reach("publish-staged");

            MakeReadOnly(staging);
            Directory.Move(staging, target);
            IO.AtomicFile.FlushDirectory(Root);
            CrashPoint.Reach("publish-renamed");
            return new PublishResult(version, metadata.RootDigest, metadata.ArchiveDigest, target, Path.Combine(target, archiveName), PublishOutcome.Published);
        }
        finally
        {
            DeleteTree(staging);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<RegistryEntry> List(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var entries = new List<RegistryEntry>();
        foreach (string dir in Directory.EnumerateDirectories(Root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetFileName(dir);
            if (!name.StartsWith('.') && VersionName.IsValid(name) && TryRead(dir, name) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return [.. entries
            .OrderByDescending(e => e.PublishedAt)
            .ThenByDescending(e => e.Version, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public RegistryEntry? Find(string version, CancellationToken cancellationToken = default)
    {
        string dir = VersionPath(version);
        return Directory.Exists(dir) ? TryRead(dir, version) : null;
    }

    private static RegistryEntry? TryRead(string dir, string name)
    {
        string metadataPath = Path.Combine(dir, VersionMetadata.FileName);
        if (!File.Exists(metadataPath))
        {
            return null;
        }

        VersionMetadata metadata;
        try
        {
            if (NoFollow.IsLink(dir) || NoFollow.IsLink(metadataPath))
            {
                throw new BadInputException($"'{dir}' or its {VersionMetadata.FileName} is a symbolic link.");
            }

            metadata = VersionMetadata.Read(metadataPath);
        }
        catch (Exception ex) when (ex is BadInputException or IOException or UnauthorizedAccessException)
        {
            // Listed anyway, as unreadable: one tampered version never hides the others, and
            // verification reports it as not verifying.
            return RegistryEntry.Unreadable(name, dir, ex.Message);
        }

        Manifest? manifest = null;
        try
        {
            manifest = Manifest.Read(VersionLayout.ManifestPath(dir));
        }
        catch (BadInputException)
        {
            // Listed anyway: verification reports the broken manifest.
        }

        return new RegistryEntry(name, metadata.RootDigest, metadata.ArchiveDigest, metadata.PublishedAt, metadata.Publisher, dir, Metric(manifest, "r2"), Metric(manifest, "mae"));
    }

    private PublishResult CompareWithPublished(string source, IReadOnlyList<string> sourceFiles, string target, string version)
    {
        string metadataPath = Path.Combine(target, VersionMetadata.FileName);
        if (!File.Exists(metadataPath))
        {
            throw new ImmutabilityConflictException($"'{target}' exists but is not a complete published version (no metadata.json); nothing was changed. Inspect and remove it by hand.");
        }

        var publishedFiles = VersionFiles.List(target).Where(f => !ReproducibleArchive.IsRegistryFile(f)).ToList();
        var differences = new List<string>();
        foreach (string missing in publishedFiles.Except(sourceFiles, StringComparer.Ordinal))
        {
            differences.Add($"'{missing}' is only in the published version");
        }

        foreach (string relative in sourceFiles)
        {
            string published = Path.Combine(target, relative);
            if (!File.Exists(published))
            {
                differences.Add($"'{relative}' is only in '{source}'");
            }
            else if (!FilesEqual(Path.Combine(source, relative), published))
            {
                differences.Add($"'{relative}' differs");
            }
        }

        if (differences.Count > 0)
        {
            throw new ImmutabilityConflictException(
                $"Version {version} is already published in '{Root}' with different bytes ({string.Join(", ", differences.Take(5))}); nothing was changed. Publish it under a new version.");
        }

        var metadata = VersionMetadata.Read(metadataPath);
        return new PublishResult(version, metadata.RootDigest, metadata.ArchiveDigest, target, Path.Combine(target, metadata.Archive), PublishOutcome.AlreadyPublishedIdentical);
    }

    /// <summary>Bad input when the source's manifest names another version (a broken manifest is left to verification).</summary>
    private static void RefuseOtherName(string source, string version)
    {
        string named;
        try
        {
            named = Manifest.Read(VersionLayout.ManifestPath(source)).Model.Version;
        }
        catch (BadInputException)
        {
            return;
        }

        if (named != version)
        {
            throw new BadInputException($"'{source}' is version '{named}' by its manifest, not '{version}'.");
        }
    }

    private void RemoveStaleStaging()
    {
        // Only called under the publish lock, so no live publisher owns these. A link named
        // like a staging directory is unlinked, never followed (docs/formats/registry.md).
        foreach (string entry in Directory.EnumerateFileSystemEntries(Root, StagingPrefix + "*"))
        {
            DeleteTree(entry);
        }
    }

    private static bool FilesEqual(string a, string b)
    {
        var infoA = new FileInfo(a);
        var infoB = new FileInfo(b);
        if (infoA.Length != infoB.Length)
        {
            return false;
        }

        using var streamA = infoA.OpenRead();
        using var streamB = infoB.OpenRead();
        byte[] bufferA = new byte[81920];
        byte[] bufferB = new byte[81920];
        while (true)
        {
            int readA = streamA.ReadAtLeast(bufferA, bufferA.Length, throwOnEndOfStream: false);
            int readB = streamB.ReadAtLeast(bufferB, bufferB.Length, throwOnEndOfStream: false);
            if (readA != readB || !bufferA.AsSpan(0, readA).SequenceEqual(bufferB.AsSpan(0, readB)))
            {
                return false;
            }

            if (readA == 0)
            {
                return true;
            }
        }
    }

    private static void CopyDurably(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        using var input = File.OpenRead(from);
        using var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        input.CopyTo(output);
        output.Flush(flushToDisk: true);
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        output.Write(bytes);
        output.Flush(flushToDisk: true);
    }

    private static void MakeReadOnly(string dir)
    {
        // The staged copy holds only regular files (VersionFiles refuses links); still, never follow one.
        foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => !NoFollow.IsLink(f)))
        {
            File.SetAttributes(file, FileAttributes.ReadOnly);
        }

        // Deepest directories first, each fsynced so its entries are durable before the rename.
        foreach (string sub in NoFollow.DirectoriesDeepestFirst(dir))
        {
            IO.AtomicFile.FlushDirectory(sub);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(sub, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }
    }

    private static void DeleteTree(string dir)
    {
        try
        {
            NoFollow.DeleteTree(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next publish (under the lock) to remove.
        }
    }

    private static double? Metric(Manifest? manifest, string name) =>
        manifest is not null && manifest.Metrics.TryGetValue(name, out double value) ? value : null;
}
