using TrustScore.IO;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// The one place the registry, publish and rollback ask "does this version verify?" (runbook
/// §3.1 and §5.4; recompute, never trust). The manifest is read by the one reader
/// (<see cref="Manifest"/>); the digest, the file list and — with operator keys — the signature
/// and any extra checks (conformance vectors, scoring smoke test, <see cref="VerifyOptions.ExtraChecks"/>)
/// come from the one verifier, <see cref="VersionVerifier"/> (its layout check is not used because
/// a published version also holds metadata.json and the archive). The registry adds its own
/// checks as <see cref="IVersionCheck"/>s run by that verifier: <see cref="GatesCheck"/> and, for
/// a published version, <see cref="MetadataCheck"/> and <see cref="ArchiveCheck"/>.
/// </summary>
public static class RegistryVerification
{
    /// <summary>
    /// Verifies the version directory <paramref name="versionDirectory"/>. With
    /// <paramref name="published"/> it also checks <c>metadata.json</c> and the archive digest.
    /// Never throws for a failed check; throws bad input only when the directory does not exist.
    /// </summary>
    public static VerificationReport Verify(string versionDirectory, bool published, VerifyOptions? full = null)
    {
        string dir = Path.GetFullPath(versionDirectory);
        if (!Directory.Exists(dir))
        {
            throw new Errors.BadInputException($"The version directory '{versionDirectory}' does not exist.");
        }

        var checks = new List<VerificationCheck>();
        string version = Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar));
        Manifest? manifest = null;
        try
        {
            manifest = Manifest.Read(VersionLayout.ManifestPath(dir));
            version = manifest.Model.Version;
            checks.Add(new("manifest", true, "manifest.json is readable."));
        }
        catch (Errors.BadInputException ex)
        {
            checks.Add(new("manifest", false, File.Exists(VersionLayout.ManifestPath(dir)) ? ex.Message : "manifest.json is missing; a version directory needs one."));
        }

        // The one verification path: digest, file list, signatures and the registry's own checks
        // all come from VersionVerifier.
        IVersionCheck[] registryChecks = published ? [new GatesCheck(), new MetadataCheck(), new ArchiveCheck()] : [new GatesCheck()];
        var (report, keyProblem) = RunVersionVerifier(dir, full, registryChecks);
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

        var registryNames = registryChecks.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        checks.AddRange(report.Checks.Where(c => registryNames.Contains(c.Name)));
        if (full is not null)
        {
            var skip = new HashSet<string>(registryNames, StringComparer.Ordinal) { VersionVerifier.LayoutCheck, VersionVerifier.ManifestCheck, VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck };
            checks.AddRange(keyProblem is not null ? [new("signature", false, keyProblem)] : report.Checks.Where(c => !skip.Contains(c.Name)));
        }

        return new VerificationReport(dir, version, root, checks, report.Diff, report.Skipped);
    }

    /// <summary>The version a registry check reports: the manifest's <c>model.version</c>, else the directory name.</summary>
    internal static string VersionOf(VersionContext context) =>
        context.Manifest?.Model.Version ?? Path.GetFileName(Path.GetFullPath(context.VersionDir).TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>
    /// Runs <see cref="VersionVerifier"/> once with the registry's checks: with the operator's keys
    /// and extra checks when given (unusable keys are reported as a failed signature check),
    /// otherwise without signature checks.
    /// </summary>
    private static (VerificationReport Report, string? KeyProblem) RunVersionVerifier(string dir, VerifyOptions? full, IReadOnlyList<IVersionCheck> registryChecks)
    {
        var unsigned = new VerifyOptions { RequireSignature = false, ExtraChecks = registryChecks };
        if (full is not null)
        {
            try
            {
                return (VersionVerifier.Verify(dir, full with
                {
                    RequireSignature = full.PublicKeyPath is not null || full.TrustedKeysDir is not null,
                    ExtraChecks = [.. registryChecks, .. full.ExtraChecks],
                }), null);
            }
            catch (Errors.BadInputException ex)
            {
                return (VersionVerifier.Verify(dir, unsigned), ex.Message);
            }
        }

        return (VersionVerifier.Verify(dir, unsigned), null);
    }
}
