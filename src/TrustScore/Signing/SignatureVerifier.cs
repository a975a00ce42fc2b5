using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Signing;

/// <summary>
/// Verifies <c>model.sig</c> of a version directory (runbook §8, FORMATS.md §3) against keys
/// the operator supplies, never against a key found in the artifact, then checks that what was
/// signed is what is on disk now: recompute, never trust (STYLE.md "What to absorb" 12).
/// </summary>
public static class SignatureVerifier
{
    /// <summary>Verifies with a public key file and/or every key in a trusted-keys directory.</summary>
    /// <exception cref="BadInputException">No key source, a bad key file, or a key that lies inside the version directory.</exception>
    public static SignatureReport Verify(string versionDir, string? publicKeyPath, string? trustedKeysDir) =>
        VerifyWithKeys(versionDir, LoadKeys(versionDir, publicKeyPath, trustedKeysDir), digest: null);

    /// <summary>Loads the operator's keys, refusing any that ship inside <paramref name="versionDir"/>.</summary>
    /// <exception cref="BadInputException">No key source, a bad key file, or a key inside the version directory.</exception>
    public static IReadOnlyList<VerificationKey> LoadKeys(string versionDir, string? publicKeyPath, string? trustedKeysDir)
    {
        ArgumentNullException.ThrowIfNull(versionDir);
        if (publicKeyPath is null && trustedKeysDir is null)
        {
            throw new BadInputException("No verification key: pass --public-key KEY or --trusted-keys DIR.");
        }

        var keys = new List<VerificationKey>();
        foreach (string? source in new[] { publicKeyPath, trustedKeysDir })
        {
            if (source is not null && IsInside(source, versionDir))
            {
                throw new BadInputException($"Key source '{source}' lies inside the version directory; a key shipped with an artifact cannot vouch for it.");
            }
        }

        if (publicKeyPath is not null)
        {
            keys.Add(KeyFile.ReadVerificationKey(publicKeyPath));
        }

        if (trustedKeysDir is not null)
        {
            keys.AddRange(KeyFile.ReadTrustedKeys(trustedKeysDir));
        }

        return keys;
    }

    /// <summary>
    /// Verifies with already loaded keys. <paramref name="digest"/> is the freshly computed digest
    /// of <c>model/</c> when the caller has one (null: computed here; a refused model fails the content check).
    /// </summary>
    public static SignatureReport VerifyWithKeys(string versionDir, IReadOnlyList<VerificationKey> keys, ModelDigestResult? digest)
    {
        ArgumentNullException.ThrowIfNull(versionDir);
        ArgumentNullException.ThrowIfNull(keys);
        string signaturePath = VersionLayout.SignaturePath(versionDir);
        if (!File.Exists(signaturePath))
        {
            return Failed($"{VersionLayout.Signature} is missing; the version is unsigned.");
        }

        SigstoreBundle bundle;
        try
        {
            bundle = SigstoreBundle.Parse(File.ReadAllBytes(signaturePath));
        }
        catch (FormatException ex)
        {
            return Failed($"{VersionLayout.Signature} is not a valid signature bundle: {ex.Message}");
        }

        if (bundle.Envelope.PayloadType != Dsse.InTotoPayloadType)
        {
            return Failed($"{VersionLayout.Signature} has payload type '{bundle.Envelope.PayloadType}', expected '{Dsse.InTotoPayloadType}'.");
        }

        byte[] signed = bundle.Envelope.SignedBytes();
        VerificationKey? verifiedBy = keys
            .OrderBy(k => string.Equals(k.Hint, bundle.KeyHint, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .FirstOrDefault(k => bundle.Envelope.Signatures.Any(s => k.Verify(signed, s.Sig)));
        if (verifiedBy is null)
        {
            string tried = string.Join(", ", keys.Select(k => Path.GetFileName(k.Source)));
            return Failed($"The signature in {VersionLayout.Signature} does not verify with any supplied key (tried {tried}): wrong key, or the signature or statement was altered.");
        }

        if (bundle.KeyHint.Length > 0 && !string.Equals(bundle.KeyHint, verifiedBy.Hint, StringComparison.OrdinalIgnoreCase))
        {
            // OpenSSF model_signing refuses this too: the bundle names another key than the one that verified.
            return Failed($"{VersionLayout.Signature} names key {bundle.KeyHint} but verified with {Path.GetFileName(verifiedBy.Source)} ({verifiedBy.Hint}); the bundle was altered.");
        }

        string signatureDetail = $"signed by {KeyKind.For(verifiedBy.Algorithm).Name} key {Path.GetFileName(verifiedBy.Source)} ({verifiedBy.Hint[..16]}…)";
        ModelStatement statement;
        try
        {
            statement = ModelStatement.Parse(bundle.Envelope.Payload);
        }
        catch (FormatException ex)
        {
            return new SignatureReport(true, signatureDetail, false, $"The signed statement is not a valid model statement: {ex.Message}", verifiedBy.Source, null);
        }

        IReadOnlyList<string> differences = CompareContent(versionDir, statement, digest);
        string contentDetail = differences.Count == 0
            ? $"signed statement matches model/ (root sha256:{statement.RootHex}, {statement.Resources.Count} files) and {string.Join(", ", statement.Artifacts.Select(a => a.Name))}"
            : string.Join("; ", differences);
        return new SignatureReport(true, signatureDetail, differences.Count == 0, contentDetail, verifiedBy.Source, statement);
    }

    private static List<string> CompareContent(string versionDir, ModelStatement statement, ModelDigestResult? digest)
    {
        var differences = new List<string>();
        if (digest is null)
        {
            try
            {
                digest = ModelDigest.Compute(VersionLayout.ModelPath(versionDir));
            }
            catch (ModelDigestException ex)
            {
                differences.Add($"model/ cannot be digested: {ex.Message}");
            }
        }

        if (digest is not null)
        {
            if (!ModelDigestResult.RootsEqual(statement.RootHex, digest.Root))
            {
                differences.Add($"signed root sha256:{statement.RootHex} but model/ hashes to {digest.Root}");
            }

            var signedFiles = statement.Resources.ToDictionary(r => r.Name, r => r.Digest, StringComparer.Ordinal);
            var actualFiles = digest.Files.ToDictionary(f => f.Name, f => f.Sha256, StringComparer.Ordinal);
            foreach (string name in actualFiles.Keys.Except(signedFiles.Keys).Order(ComponentPathComparer.Instance))
            {
                differences.Add($"model/{name} is not signed (added)");
            }

            foreach (string name in signedFiles.Keys.Except(actualFiles.Keys).Order(ComponentPathComparer.Instance))
            {
                differences.Add($"model/{name} is signed but missing");
            }

            foreach (string name in signedFiles.Keys.Intersect(actualFiles.Keys).Where(n => signedFiles[n] != actualFiles[n]).Order(ComponentPathComparer.Instance))
            {
                differences.Add($"model/{name} differs from the signed digest");
            }
        }

        if (statement.KeeperHash is null)
        {
            differences.Add("the signed statement does not carry the keeper hash of model/ (signed by an older trustscore); re-export and sign");
        }
        else if (statement.KeeperHash.Recipe != KeeperModelHash.RecipeName)
        {
            differences.Add($"the signed keeper hash uses recipe '{statement.KeeperHash.Recipe}', expected '{KeeperModelHash.RecipeName}'");
        }
        else
        {
            try
            {
                string actual = KeeperModelHash.Compute(VersionLayout.ModelPath(versionDir)).Hash;
                if (!KeeperModelHash.HashesEqual(actual, statement.KeeperHash.Hash))
                {
                    differences.Add($"signed keeper hash {statement.KeeperHash.Hash} but model/ hashes to {actual} ({KeeperModelHash.RecipeName})");
                }
            }
            catch (ModelDigestException ex)
            {
                differences.Add($"model/ cannot be given a keeper hash: {ex.Message}");
            }
        }

        if (!statement.Artifacts.Any(a => a.Name == VersionLayout.Manifest))
        {
            differences.Add($"{VersionLayout.Manifest} is not covered by the signature");
        }

        foreach (SignedResource artifact in statement.Artifacts)
        {
            if (!VersionLayout.TopLevelNames.Contains(artifact.Name) || artifact.Name is VersionLayout.ModelDirectory or VersionLayout.Signature)
            {
                differences.Add($"signed artifact '{artifact.Name}' is not a version-directory file");
                continue;
            }

            string path = Path.Combine(versionDir, artifact.Name);
            if (!File.Exists(path))
            {
                differences.Add($"{artifact.Name} is signed but missing");
            }
            else if (Sha256Text.HexOfFile(path) != artifact.Digest)
            {
                differences.Add($"{artifact.Name} differs from the signed digest (edited after signing)");
            }
        }

        if (File.Exists(VersionLayout.ExportMetadataPath(versionDir)) && !statement.Artifacts.Any(a => a.Name == VersionLayout.ExportMetadata))
        {
            differences.Add($"{VersionLayout.ExportMetadata} is present but not covered by the signature");
        }

        return differences;
    }

    private static SignatureReport Failed(string detail) =>
        new(false, detail, false, "not checked: the signature did not verify", null, null);

    private static bool IsInside(string path, string dir)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
