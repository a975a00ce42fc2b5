using TrustScore.Consensus;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Signing;

namespace TrustScore.Verification;

/// <summary>
/// Verifies an exported version directory in one call (runbook §7.2 and §8; docs/formats.md §1–4):
/// recomputes the model digest and compares every file and the root with the manifest, checks
/// the manifest's own consistency, verifies <c>model.sig</c> with the operator's key and that it
/// signs what is on disk, then runs the pluggable extra checks. Each check is reported
/// separately; nothing found in the artifact is trusted.
/// </summary>
public static class VersionVerifier
{
    /// <summary>Check name: only the expected entries at the top of the version directory.</summary>
    public const string LayoutCheck = "layout";

    /// <summary>Check name: the manifest parses, is valid, matches the directory name, gates passed, schema digest matches.</summary>
    public const string ManifestCheck = "manifest";

    /// <summary>Check name: every file of <c>model/</c> against the manifest's list.</summary>
    public const string FilesCheck = "files";

    /// <summary>Check name: the recomputed root against <c>digest.root</c>.</summary>
    public const string RootCheck = "root";

    /// <summary>Check name: the keeper hash of <c>model/</c> (the chain's <c>sha256_hash</c>) recomputed against <c>keeper_hash</c>.</summary>
    public const string KeeperHashCheck = "keeper-hash";

    /// <summary>Check name: <c>model.sig</c> verifies with an operator key.</summary>
    public const string SignatureCheck = "signature";

    /// <summary>Check name: the signed statement describes the directory as it is.</summary>
    public const string SignedContentCheck = "signed-content";

    /// <summary>Verifies <paramref name="versionDir"/>.</summary>
    /// <exception cref="BadInputException">The directory does not exist, or the key options are unusable.</exception>
    public static VerificationReport Verify(string versionDir, VerifyOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(versionDir);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(versionDir))
        {
            throw new BadInputException($"Version directory '{versionDir}' does not exist.");
        }

        IReadOnlyList<VerificationKey>? keys = null;
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? roots = null;
        if (options.CertificateChainPaths.Count > 0)
        {
            if (options.PublicKeyPath is not null || options.TrustedKeysDir is not null)
            {
                throw new BadInputException("Pass either trusted certificates (--certificate-chain) or keys (--public-key, --trusted-keys), not both.");
            }

            roots = SignatureVerifier.LoadTrustedCertificates(versionDir, options.CertificateChainPaths);
        }
        else if (options.PublicKeyPath is not null || options.TrustedKeysDir is not null || options.RequireSignature)
        {
            keys = SignatureVerifier.LoadKeys(versionDir, options.PublicKeyPath, options.TrustedKeysDir);
        }

        string version = VersionLayout.VersionOf(versionDir);
        var checks = new List<VerificationCheck> { Layout(versionDir) };
        var skipped = new List<string>();

        Manifest? manifest = null;
        string? manifestProblem = null;
        try
        {
            manifest = Manifest.Parse(File.ReadAllBytes(VersionLayout.ManifestPath(versionDir)));
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            manifestProblem = ex is FileNotFoundException ? $"{VersionLayout.Manifest} is missing" : $"{VersionLayout.Manifest} cannot be read: {ex.Message}";
        }

        checks.Add(manifest is null
            ? new VerificationCheck(ManifestCheck, false, manifestProblem!)
            : CheckManifest(versionDir, version, manifest));

        ModelDigestResult? digest = null;
        string? digestProblem = null;
        try
        {
            digest = ModelDigest.Compute(VersionLayout.ModelPath(versionDir), ct: ct);
        }
        catch (ModelDigestException ex)
        {
            digestProblem = ex.Message;
        }

        FileDiff diff = FileDiff.None;
        if (digest is null)
        {
            checks.Add(new VerificationCheck(FilesCheck, false, $"model/ cannot be digested: {digestProblem}"));
            checks.Add(new VerificationCheck(RootCheck, false, "no root: model/ cannot be digested"));
        }
        else if (manifest is null)
        {
            checks.Add(new VerificationCheck(FilesCheck, false, "no manifest file list to compare with"));
            checks.Add(new VerificationCheck(RootCheck, false, $"no manifest root to compare with (model/ hashes to {digest.Root})"));
        }
        else
        {
            diff = Compare(manifest.Files, digest.Files);
            checks.Add(new VerificationCheck(FilesCheck, diff.IsEmpty, diff.IsEmpty
                ? $"all {digest.Files.Count} files match the manifest"
                : Describe(diff)));
            bool rootMatches = ModelDigestResult.RootsEqual(manifest.Digest.Root, digest.Root);
            checks.Add(new VerificationCheck(RootCheck, rootMatches, rootMatches
                ? $"root {digest.Root} matches the manifest"
                : $"model/ hashes to {digest.Root} but the manifest says {manifest.Digest.Root}"));
        }

        checks.Add(CheckKeeperHash(versionDir, manifest));

        if (roots is not null)
        {
            SignatureReport signature = SignatureVerifier.VerifyWithCertificates(versionDir, roots, digest);
            checks.Add(new VerificationCheck(SignatureCheck, signature.SignatureValid, signature.SignatureDetail));
            checks.Add(new VerificationCheck(SignedContentCheck, signature.ContentMatches, signature.ContentDetail));
        }
        else if (keys is null)
        {
            skipped.Add($"{SignatureCheck}, {SignedContentCheck}: no operator key supplied");
        }
        else
        {
            SignatureReport signature = SignatureVerifier.VerifyWithKeys(versionDir, keys, digest);
            checks.Add(new VerificationCheck(SignatureCheck, signature.SignatureValid, signature.SignatureDetail));
            checks.Add(new VerificationCheck(SignedContentCheck, signature.ContentMatches, signature.ContentDetail));
        }

        var context = new VersionContext(versionDir, manifest, digest);
        foreach (IVersionCheck extra in options.ExtraChecks)
        {
            ct.ThrowIfCancellationRequested();
            checks.Add(RunCheck(extra, context, ct));
        }

        return new VerificationReport(versionDir, version, digest?.Root, checks, diff, skipped);
    }

    private static VerificationCheck Layout(string versionDir)
    {
        var problems = new List<string>();
        var entries = Directory.EnumerateFileSystemEntries(versionDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        // A published copy also holds the registry's own metadata.json and archive; those are
        // checked by `registry show --verify`, so `verify` accepts them in a registry folder.
        foreach (string extra in entries.Except(VersionLayout.TopLevelNames).Where(e => !Registry.ReproducibleArchive.IsRegistryFile(e)))
        {
            problems.Add($"unexpected '{extra}'");
        }

        if (!Directory.Exists(VersionLayout.ModelPath(versionDir)))
        {
            problems.Add($"'{VersionLayout.ModelDirectory}/' is missing");
        }

        foreach (string required in new[] { VersionLayout.Manifest, VersionLayout.Signature })
        {
            if (!File.Exists(Path.Combine(versionDir, required)))
            {
                problems.Add($"'{required}' is missing");
            }
        }

        return new VerificationCheck(LayoutCheck, problems.Count == 0, problems.Count == 0
            ? "version directory holds model/, manifest.json and model.sig and nothing unexpected"
            : string.Join("; ", problems));
    }

    private static VerificationCheck CheckManifest(string versionDir, string version, Manifest manifest)
    {
        var problems = new List<string>(manifest.Validate());
        if (manifest.Model.Version != version)
        {
            problems.Add($"model.version '{manifest.Model.Version}' does not match the directory name '{version}'");
        }

        if (!manifest.Gates.Passed || manifest.Gates.Results.Any(g => !g.Passed))
        {
            string failed = string.Join(", ", manifest.Gates.Results.Where(g => !g.Passed).Select(g => g.Name));
            problems.Add($"release gates did not pass{(failed.Length > 0 ? $" ({failed})" : string.Empty)}");
        }

        string schemaPath = VersionLayout.FeatureSchemaPath(versionDir);
        if (!File.Exists(schemaPath))
        {
            problems.Add($"model/{VersionLayout.FeatureSchema} is missing");
        }
        else
        {
            string actual = Sha256Text.HexOfFile(schemaPath);
            if (actual != manifest.FeatureSchema.Sha256)
            {
                problems.Add($"feature_schema.sha256 is {manifest.FeatureSchema.Sha256} but model/{VersionLayout.FeatureSchema} hashes to {actual}");
            }
        }

        return new VerificationCheck(ManifestCheck, problems.Count == 0, problems.Count == 0
            ? $"manifest is valid for version {version}; all {manifest.Gates.Results.Count} gates passed; feature schema digest matches"
            : string.Join("; ", problems));
    }

    /// <summary>
    /// Recomputes <see cref="KeeperModelHash"/> over <c>model/</c> and compares it with the
    /// manifest's <c>keeper_hash</c>; a manifest without one fails (docs/formats.md §3).
    /// </summary>
    internal static VerificationCheck CheckKeeperHash(string versionDir, Manifest? manifest)
    {
        string actual;
        try
        {
            actual = KeeperModelHash.Compute(VersionLayout.ModelPath(versionDir)).Hash;
        }
        catch (ModelDigestException ex)
        {
            return new VerificationCheck(KeeperHashCheck, false, $"model/ cannot be given a keeper hash: {ex.Message}");
        }

        if (manifest is null)
        {
            return new VerificationCheck(KeeperHashCheck, false, $"no manifest keeper_hash to compare with (model/ hashes to {actual})");
        }

        if (manifest.KeeperHash is null)
        {
            return new VerificationCheck(KeeperHashCheck, false, $"{VersionLayout.Manifest} has no keeper_hash (written by an older trustscore; re-export); model/ hashes to {actual} ({KeeperModelHash.RecipeName})");
        }

        bool same = manifest.KeeperHash.Recipe == KeeperModelHash.RecipeName && KeeperModelHash.HashesEqual(actual, manifest.KeeperHash.Hash);
        return new VerificationCheck(KeeperHashCheck, same, same
            ? $"{KeeperModelHash.RecipeName} hash {actual} of model/ matches the manifest"
            : $"model/ hashes to {actual} ({KeeperModelHash.RecipeName}) but the manifest says {manifest.KeeperHash.Recipe} {manifest.KeeperHash.Hash}");
    }

    private static FileDiff Compare(IReadOnlyList<FileDigestEntry> listed, IReadOnlyList<FileDigestEntry> actual)
    {
        var expected = new Dictionary<string, FileDigestEntry>(StringComparer.Ordinal);
        foreach (FileDigestEntry entry in listed)
        {
            expected.TryAdd(entry.Name, entry);
        }

        var found = actual.ToDictionary(f => f.Name, StringComparer.Ordinal);
        return new FileDiff(
            [.. found.Keys.Except(expected.Keys).Order(ComponentPathComparer.Instance)],
            [.. expected.Keys.Except(found.Keys).Order(ComponentPathComparer.Instance)],
            [.. found.Keys.Intersect(expected.Keys)
                .Where(n => !string.Equals(found[n].Sha256, expected[n].Sha256, StringComparison.OrdinalIgnoreCase) || found[n].Size != expected[n].Size)
                .Order(ComponentPathComparer.Instance)]);
    }

    private static string Describe(FileDiff diff)
    {
        var parts = new List<string>();
        if (diff.Extra.Count > 0)
        {
            parts.Add("extra: " + string.Join(", ", diff.Extra));
        }

        if (diff.Missing.Count > 0)
        {
            parts.Add("missing: " + string.Join(", ", diff.Missing));
        }

        if (diff.Changed.Count > 0)
        {
            parts.Add("changed: " + string.Join(", ", diff.Changed));
        }

        return "model/ differs from the manifest (" + string.Join("; ", parts) + ")";
    }

    /// <summary>
    /// Runs one <see cref="IVersionCheck"/>: an exception of a kind a check may meet (bad input,
    /// a refused model, I/O) becomes a failed check of that name, so one check never hides the others.
    /// </summary>
    internal static VerificationCheck RunCheck(IVersionCheck check, VersionContext context, CancellationToken ct)
    {
        try
        {
            return check.Run(context, ct);
        }
        catch (Exception ex) when (ex is TrustScoreException or ConsensusException or IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            return new VerificationCheck(check.Name, false, $"check failed: {ex.Message}");
        }
    }
}
