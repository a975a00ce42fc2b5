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

    /// <summary>Loads the operator's trusted root certificates, refusing any file inside <paramref name="versionDir"/>.</summary>
    /// <exception cref="BadInputException">No file, a bad file, or a file inside the version directory.</exception>
    public static IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> LoadTrustedCertificates(string versionDir, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(versionDir);
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new BadInputException("No trusted certificates: pass --certificate-chain ROOTS.");
        }

        foreach (string path in paths)
        {
            if (IsInside(path, versionDir))
            {
                throw new BadInputException($"Certificate file '{path}' lies inside the version directory; a certificate shipped with an artifact cannot vouch for it.");
            }
        }

        return CertificateFile.ReadAll(paths);
    }

    /// <summary>
    /// Verifies with already loaded keys. <paramref name="digest"/> is the freshly computed digest
    /// of <c>model/</c> when the caller has one (null: computed here; a refused model fails the content check).
    /// </summary>
    public static SignatureReport VerifyWithKeys(string versionDir, IReadOnlyList<VerificationKey> keys, ModelDigestResult? digest)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Verify(versionDir, digest, (bundle, signed) =>
        {
            VerificationKey? verifiedBy = keys
                .OrderBy(k => string.Equals(k.Hint, bundle.KeyHint, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .FirstOrDefault(k => bundle.Envelope.Signatures.Any(s => k.Verify(signed, s.Sig)));
            if (verifiedBy is null)
            {
                string tried = string.Join(", ", keys.Select(k => Path.GetFileName(k.Source)));
                return (null, $"The signature in {VersionLayout.Signature} does not verify with any supplied key (tried {tried}): wrong key, or the signature or statement was altered.");
            }

            if (bundle.KeyHint.Length > 0 && !string.Equals(bundle.KeyHint, verifiedBy.Hint, StringComparison.OrdinalIgnoreCase))
            {
                // OpenSSF model_signing refuses this too: the bundle names another key than the one that verified.
                return (null, $"{VersionLayout.Signature} names key {bundle.KeyHint} but verified with {Path.GetFileName(verifiedBy.Source)} ({verifiedBy.Hint}); the bundle was altered.");
            }

            return (verifiedBy, $"signed by {KeyKind.For(verifiedBy.Algorithm).Name} key {Path.GetFileName(verifiedBy.Source)} ({verifiedBy.Hint[..16]}…)");
        });
    }

    /// <summary>
    /// Certificate mode (docs/formats.md §4): the bundle's signing certificate must chain to one
    /// of <paramref name="trustedRoots"/> and be valid at <paramref name="at"/> (default: now),
    /// and the signature must verify with that certificate's key.
    /// </summary>
    public static SignatureReport VerifyWithCertificates(
        string versionDir,
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> trustedRoots,
        ModelDigestResult? digest,
        DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(trustedRoots);
        return Verify(versionDir, digest, (bundle, signed) =>
        {
            CertificateChainResult chain = CertificateChainVerifier.Verify(bundle.CertificateChain, trustedRoots, at ?? DateTimeOffset.UtcNow);
            if (!chain.Valid)
            {
                return (null, $"{VersionLayout.Signature}: {chain.Detail}.");
            }

            VerificationKey leafKey = chain.LeafKey!;
            if (!bundle.Envelope.Signatures.Any(s => leafKey.Verify(signed, s.Sig)))
            {
                return (null, $"The signature in {VersionLayout.Signature} does not verify with the key of its signing certificate: the signature or statement was altered.");
            }

            return (leafKey, $"signed by {chain.Detail}");
        });
    }

    private static SignatureReport Verify(
        string versionDir,
        ModelDigestResult? digest,
        Func<SigstoreBundle, byte[], (VerificationKey? Key, string Detail)> authenticate)
    {
        ArgumentNullException.ThrowIfNull(versionDir);
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

        (VerificationKey? verifiedBy, string signatureDetail) = authenticate(bundle, bundle.Envelope.SignedBytes());
        if (verifiedBy is null)
        {
            return Failed(signatureDetail);
        }

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
