using TrustScore.IO;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// The one place the registry, publish and rollback ask "does this version verify?" (runbook
/// §3.1 and §5.4: recompute, never trust). The manifest is read by the one reader
/// (<see cref="Manifest"/>); the digest, the file list and — with operator keys — the signature
/// and any extra checks (conformance vectors, scoring smoke test, <see cref="VerifyOptions.ExtraChecks"/>)
/// come from the one verifier, <see cref="VersionVerifier"/> (its layout check is not used because
/// a published version also holds metadata.json and the archive). The registry adds its own as
/// <see cref="IVersionCheck"/>s run by the same runner: <see cref="ReleaseGatesCheck"/> and, for a
/// published version, <see cref="PublishedMetadataCheck"/> and <see cref="PublishedArchiveCheck"/>.
/// </summary>
public static class RegistryVerification
{
    /// <summary>
    /// Verifies the version directory <paramref name="versionDirectory"/>. With
    /// <paramref name="published"/> it also checks <c>metadata.json</c> and the archive digest.
    /// The manifest's <c>model.version</c> must be <paramref name="expectedVersion"/> (default:
    /// the directory's name), so a copied or renamed version never passes as another.
    /// Never throws for a failed check; throws bad input only when the directory does not exist.
    /// </summary>
    public static VerificationReport Verify(string versionDirectory, bool published, VerifyOptions? full = null, string? expectedVersion = null)
    {
        string dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(versionDirectory));
        if (!Directory.Exists(dir))
        {
            throw new Errors.BadInputException($"The version directory '{versionDirectory}' does not exist.");
        }

        var checks = new List<VerificationCheck>();
        string name = expectedVersion ?? Path.GetFileName(dir);
        string version = name;
        string? link = LinkProblem(dir);
        if (link is not null)
        {
            // Nothing is read through a link: the files may live anywhere.
            checks.Add(new("links", false, link));
            return new VerificationReport(dir, version, null, checks, FileDiff.None, []);
        }

        Manifest? manifest = null;
        try
        {
            manifest = Manifest.Read(VersionLayout.ManifestPath(dir));
            version = manifest.Model.Version;
            var problems = new List<string>(manifest.Validate());
            if (manifest.Model.Version != name)
            {
                problems.Insert(0, $"model.version '{manifest.Model.Version}' does not match the version name '{name}'");
            }

            checks.Add(problems.Count == 0
                ? new("manifest", true, $"manifest.json is valid for version {name}.")
                : new("manifest", false, string.Join("; ", problems)));
        }
        catch (Errors.BadInputException ex)
        {
            checks.Add(new("manifest", false, File.Exists(VersionLayout.ManifestPath(dir)) ? ex.Message : "manifest.json is missing; a version directory needs one."));
        }

        // The one verification path: digest, file list and signatures come from VersionVerifier.
        var (report, keyProblem) = RunVersionVerifier(dir, full);
        string? root = report.ComputedRoot;
        if (root is null)
        {
            checks.Add(new("digest", false, report.Check(VersionVerifier.FilesCheck)?.Detail ?? "model/ cannot be digested."));
        }
        else
        {
            bool match = manifest is not null && Sha256Text.Same(root, manifest.Digest.Root);
            checks.Add(new("digest", match, match
                ? $"model/ hashes to {root}, as the manifest says."
                : $"model/ hashes to {root} but the manifest says {manifest?.Digest.Root ?? "nothing"}."));
            if (manifest is not null && report.Check(VersionVerifier.FilesCheck) is { } files)
            {
                checks.Add(new("files", files.Passed, files.Detail));
            }
        }

        // The chain's sha256_hash: what a validator's node recomputes before it scores.
        if (report.Check(VersionVerifier.KeeperHashCheck) is { } keeper)
        {
            checks.Add(keeper);
        }

        // The registry's own checks, run like any other IVersionCheck.
        var context = new VersionContext(dir, manifest, null);
        var registryChecks = new List<IVersionCheck> { new ReleaseGatesCheck() };
        if (published)
        {
            string metadataPath = Path.Combine(dir, VersionMetadata.FileName);
            try
            {
                var metadata = VersionMetadata.Read(metadataPath);
                registryChecks.Add(new PublishedMetadataCheck(metadata, version, root));
                registryChecks.Add(new PublishedArchiveCheck(metadata));
            }
            catch (Exception ex) when (ex is Errors.BadInputException or IOException)
            {
                registryChecks.Add(new UnreadableMetadataCheck(File.Exists(metadataPath) ? ex.Message : "metadata.json is missing; the version is incomplete."));
            }
        }

        checks.AddRange(registryChecks.Select(c => VersionVerifier.RunCheck(c, context, CancellationToken.None)));

        if (full is not null)
        {
            var skip = new HashSet<string>(StringComparer.Ordinal) { VersionVerifier.LayoutCheck, VersionVerifier.ManifestCheck, VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck };
            checks.AddRange(keyProblem is not null ? [new("signature", false, keyProblem)] : report.Checks.Where(c => !skip.Contains(c.Name)));
        }

        return new VerificationReport(dir, version, root, checks, report.Diff, report.Skipped);
    }

    /// <summary>A sentence when the version directory, or a file the registry reads at its top, is a symbolic link.</summary>
    private static string? LinkProblem(string dir)
    {
        if (NoFollow.IsLink(dir))
        {
            return $"the version directory '{dir}' is a symbolic link; a registry version must be a real directory inside the registry.";
        }

        var links = Directory.EnumerateFileSystemEntries(dir).Where(NoFollow.IsLink).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        return links.Count == 0 ? null : $"'{string.Join("', '", links)}' in '{dir}' is a symbolic link; a version directory holds regular files only.";
    }

    /// <summary>
    /// Runs <see cref="VersionVerifier"/> once: with the operator's keys when given (unusable keys
    /// are reported as a failed signature check), otherwise without signature checks.
    /// </summary>
    private static (VerificationReport Report, string? KeyProblem) RunVersionVerifier(string dir, VerifyOptions? full)
    {
        if (full is not null)
        {
            try
            {
                return (VersionVerifier.Verify(dir, full with { RequireSignature = full.PublicKeyPath is not null || full.TrustedKeysDir is not null }), null);
            }
            catch (Errors.BadInputException ex)
            {
                return (VersionVerifier.Verify(dir, new VerifyOptions { RequireSignature = false }), ex.Message);
            }
        }

        return (VersionVerifier.Verify(dir, new VerifyOptions { RequireSignature = false }), null);
    }

    /// <summary>Registry check <c>metadata</c> when <c>metadata.json</c> cannot be read: fails with why.</summary>
    private sealed class UnreadableMetadataCheck(string problem) : IVersionCheck
    {
        public string Name => "metadata";

        public VerificationCheck Run(VersionContext context, CancellationToken ct) => new(Name, false, problem);
    }
}
