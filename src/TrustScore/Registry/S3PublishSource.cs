using TrustScore.Consensus;
using System.Security.Cryptography;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Signing;

namespace TrustScore.Registry;

/// <summary>
/// A local version directory read and checked before anything is sent to S3: every regular file
/// hashed, the model folder's root digest recomputed and compared with <c>manifest.json</c>, the
/// gates confirmed passed. A version that does not check out is never uploaded (runbook §3, §8.3).
/// </summary>
/// <param name="Version">The version name.</param>
/// <param name="RootDigest">The recomputed root digest of <c>model/</c>.</param>
/// <param name="Files">Every file to upload (the loose files and the archive), sorted by name (ordinal).</param>
/// <param name="ArchiveName">The reproducible archive's name, <c>trust_score_&lt;version&gt;.tar.gz</c>.</param>
/// <param name="ArchiveDigest">The archive's digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="R2">Test-set R² from the manifest, when present.</param>
/// <param name="Mae">Test-set MAE from the manifest, when present.</param>
internal sealed record S3PublishSource(
    string Version,
    string RootDigest,
    IReadOnlyList<S3SourceFile> Files,
    string ArchiveName,
    string ArchiveDigest,
    double? R2,
    double? Mae)
{
    /// <summary>Reads and checks <paramref name="versionDirectory"/> for publishing as <paramref name="version"/>.</summary>
    public static S3PublishSource Read(string versionDirectory, string version)
    {
        VersionName.Validate(version);
        string dir = Path.GetFullPath(versionDirectory);
        if (!Directory.Exists(dir))
        {
            throw new BadInputException($"--model '{versionDirectory}' is not a directory.");
        }

        string modelDir = Path.Combine(dir, "model");
        string manifestPath = Path.Combine(dir, "manifest.json");
        if (!Directory.Exists(modelDir) || !File.Exists(manifestPath))
        {
            throw new BadInputException($"--model '{versionDirectory}' is not an exported version directory: it needs model/ and manifest.json.");
        }

        // A version taken from a local registry carries that registry's metadata.json and archive:
        // both are rebuilt here, exactly as the local registry skips them.
        var files = new List<S3SourceFile>();
        Collect(dir, dir, files);
        files.RemoveAll(f => ReproducibleArchive.IsRegistryFile(f.Name));
        foreach (var f in files.Where(f => f.Name == S3Registry.ClaimFileName))
        {
            throw new BadInputException($"{f.FullPath}: '{f.Name}' is written by the S3 registry itself and may not be part of a version directory.");
        }

        // The one verification path: the manifest through Signing.Manifest, model/ through VersionVerifier.
        var verification = RegistryVerification.Verify(dir, published: false);
        verification.ThrowIfFailed($"'{versionDirectory}' is not published");

        if (verification.Version != version)
        {
            throw new BadInputException($"{manifestPath}: model.version is '{verification.Version}' but the version to publish is '{version}'.");
        }

        string root = verification.ComputedRoot!;
        var manifest = Manifest.Read(manifestPath);

        byte[] archive = ReproducibleArchive.Create(dir, version);
        string archiveName = VersionMetadata.ArchiveName(version);
        string archiveHex = Convert.ToHexStringLower(SHA256.HashData(archive));
        files.Add(new S3SourceFile(archiveName, dir, archiveHex, archive.Length, archive));
        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        return new S3PublishSource(version, root, files, archiveName, "sha256:" + archiveHex, Metric(manifest, "r2"), Metric(manifest, "mae"));
    }

    /// <summary>The root digest of a model folder, by the one shared implementation (docs/formats.md §1).</summary>
    public static string ComputeRootDigest(string modelDirectory)
    {
        try
        {
            return ModelDigest.Compute(modelDirectory).Root;
        }
        catch (ModelDigestException ex)
        {
            throw ConsensusErrors.Translate(ex);
        }
    }

    private static void Collect(string root, string dir, List<S3SourceFile> files)
    {
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                throw new BadInputException($"{entry.FullName} is a symbolic link; a version directory holds regular files only.");
            }

            if (entry is DirectoryInfo sub)
            {
                Collect(root, sub.FullName, files);
            }
            else if (entry is FileInfo file && (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0)
            {
                string name = Path.GetRelativePath(root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                files.Add(new S3SourceFile(name, file.FullName, Sha256Text.HexOfFile(file.FullName), file.Length));
            }
            else
            {
                throw new BadInputException($"{entry.FullName} is not a regular file.");
            }
        }
    }

    private static double? Metric(Manifest manifest, string name) =>
        manifest.Metrics.TryGetValue(name, out double value) ? value : null;
}
