using TrustScore.Consensus.Digest;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// The one place the registry, publish and rollback ask "does this version verify?" (runbook
/// §3.1 and §5.4; STYLE.md §12, recompute, never trust). It re-hashes <c>model/</c> with the one
/// digest recipe, checks the manifest's digest, file list and gates and, for a published
/// version, its metadata and archive. With operator keys it also runs
/// <see cref="VersionVerifier"/> and takes its signature checks and any extra checks
/// (conformance vectors, scoring smoke test) configured in <see cref="VerifyOptions.ExtraChecks"/>;
/// its layout check is not used because a published version also holds metadata.json and the archive.
/// </summary>
public static class RegistryVerification
{
    /// <summary>
    /// Verifies the version directory <paramref name="versionDirectory"/>. With
    /// <paramref name="published"/> it also checks <c>metadata.json</c> and the archive digest.
    /// Never throws for a failed check; throws bad input only when the directory does not exist.
    /// </summary>
    public static VersionVerification Verify(string versionDirectory, bool published, VerifyOptions? full = null)
    {
        string dir = Path.GetFullPath(versionDirectory);
        if (!Directory.Exists(dir))
        {
            throw new Errors.BadInputException($"The version directory '{versionDirectory}' does not exist.");
        }

        var checks = new List<VerificationCheck>();
        string version = Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar));
        VersionManifest? manifest = null;
        try
        {
            manifest = VersionManifest.Read(dir);
            version = manifest.Version ?? version;
            checks.Add(new("manifest", manifest.Version is not null && manifest.RootDigest is not null,
                manifest.Version is null ? "manifest.json has no model.version." :
                manifest.RootDigest is null ? "manifest.json has no digest.root." : "manifest.json is readable."));
        }
        catch (Errors.BadInputException ex)
        {
            checks.Add(new("manifest", false, ex.Message));
        }

        string modelDir = Path.Combine(dir, "model");
        string? root = null;
        Dictionary<string, string>? fileDigests = null;
        try
        {
            (root, fileDigests) = ComputeModelDigest(modelDir);
            bool match = manifest?.RootDigest is not null && Sha256Text.Same(root, manifest.RootDigest);
            checks.Add(new("digest", match, match
                ? $"model/ hashes to {root}, as the manifest says."
                : $"model/ hashes to {root} but the manifest says {manifest?.RootDigest ?? "nothing"}."));
        }
        catch (Errors.BadInputException ex)
        {
            checks.Add(new("digest", false, ex.Message));
        }

        if (manifest is not null && fileDigests is not null)
        {
            checks.Add(CheckFiles(manifest, fileDigests, modelDir));
        }

        checks.Add(manifest?.GatesPassed == true
            ? new("gates", true, "gates.passed is true.")
            : new("gates", false, manifest?.GatesPassed == false ? "gates.passed is false; a version whose gates failed is not released." : "manifest.json has no gates.passed."));

        if (published)
        {
            checks.AddRange(CheckPublished(dir, version, root));
        }

        if (full is not null)
        {
            checks.AddRange(FullChecks(dir, full));
        }

        return new VersionVerification(dir, version, root, checks);
    }

    private static IEnumerable<VerificationCheck> FullChecks(string dir, VerifyOptions full)
    {
        VerificationReport report;
        try
        {
            report = VersionVerifier.Verify(dir, full with { RequireSignature = true });
        }
        catch (Errors.BadInputException ex)
        {
            return [new("signature", false, ex.Message)];
        }

        var skip = new HashSet<string>(StringComparer.Ordinal) { VersionVerifier.LayoutCheck, VersionVerifier.ManifestCheck, VersionVerifier.FilesCheck, VersionVerifier.RootCheck };
        return [.. report.Checks.Where(c => !skip.Contains(c.Name))];
    }

    private static VerificationCheck CheckFiles(VersionManifest manifest, Dictionary<string, string> actual, string modelDir)
    {
        var problems = new List<string>();
        foreach (var (name, sha, size) in manifest.Files)
        {
            if (!actual.TryGetValue(name, out string? digest))
            {
                problems.Add($"'{name}' is listed but missing");
            }
            else if (!Sha256Text.Same(digest, sha))
            {
                problems.Add($"'{name}' hashes to {digest}, manifest says {sha}");
            }
            else if (size is not null && new FileInfo(Path.Combine(modelDir, name)).Length != size)
            {
                problems.Add($"'{name}' size differs from the manifest");
            }
        }

        foreach (string name in actual.Keys.Except(manifest.Files.Select(f => f.Name), StringComparer.Ordinal))
        {
            problems.Add($"'{name}' is in model/ but not in the manifest");
        }

        return problems.Count == 0
            ? new("files", true, $"{actual.Count} files match the manifest.")
            : new("files", false, string.Join("; ", problems) + ".");
    }

    private static IEnumerable<VerificationCheck> CheckPublished(string dir, string version, string? root)
    {
        string metadataPath = Path.Combine(dir, VersionMetadata.FileName);
        VersionMetadata metadata;
        try
        {
            metadata = VersionMetadata.Read(metadataPath);
        }
        catch (Exception ex) when (ex is Errors.BadInputException or IOException)
        {
            return [new("metadata", false, File.Exists(metadataPath) ? ex.Message : "metadata.json is missing; the version is incomplete.")];
        }

        var checks = new List<VerificationCheck>();
        bool metaOk = metadata.Version == version && Sha256Text.Same(metadata.RootDigest, root);
        checks.Add(new("metadata", metaOk, metaOk
            ? "metadata.json names this version and digest."
            : $"metadata.json says {metadata.Version} {metadata.RootDigest}, the directory is {version} {root}."));

        string archivePath = Path.Combine(dir, metadata.Archive);
        if (!File.Exists(archivePath))
        {
            checks.Add(new("archive", false, $"the archive '{metadata.Archive}' is missing."));
        }
        else
        {
            string archiveDigest = Sha256Text.OfFile(archivePath);
            bool same = Sha256Text.Same(archiveDigest, metadata.ArchiveDigest);
            checks.Add(new("archive", same, same
                ? $"{metadata.Archive} hashes to {archiveDigest}."
                : $"{metadata.Archive} hashes to {archiveDigest} but metadata.json says {metadata.ArchiveDigest}."));
        }

        return checks;
    }

    /// <summary>Root digest of <paramref name="modelDirectory"/> by the one recipe (FORMATS.md §1), with each file's digest.</summary>
    private static (string Root, Dictionary<string, string> Files) ComputeModelDigest(string modelDirectory)
    {
        if (!Directory.Exists(modelDirectory))
        {
            throw new Errors.BadInputException($"'{modelDirectory}' does not exist; a version directory holds its model in model/.");
        }

        try
        {
            var result = ModelDigest.Compute(modelDirectory);
            return (result.Root, result.Files.ToDictionary(f => f.Name, f => "sha256:" + f.Sha256, StringComparer.Ordinal));
        }
        catch (ModelDigestException ex)
        {
            throw new Errors.BadInputException(ex.Message, ex);
        }
    }
}
