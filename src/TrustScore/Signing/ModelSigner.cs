using System.Security.Cryptography;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Signing;

/// <summary>
/// Signs an exported version directory (runbook §8, FORMATS.md §3): recomputes the model digest,
/// checks that <c>manifest.json</c> describes exactly that model, and writes <c>model.sig</c>,
/// a Sigstore bundle with one DSSE envelope over a <see cref="ModelStatement"/> that carries the
/// OpenSSF model statement plus the digests of <c>manifest.json</c> and
/// <c>export_metadata.json</c> and the keeper hash of <c>model/</c> (docs/formats.md §1b). One signature therefore covers model, metrics and gate results.
/// </summary>
public static class ModelSigner
{
    /// <summary>Signs <paramref name="versionDir"/> with the private key at <paramref name="keyPath"/>.</summary>
    /// <exception cref="BadInputException">Missing directory or manifest, unreadable or bad key, or a model the digest refuses.</exception>
    /// <exception cref="VerificationFailedException">The manifest does not describe the files in <c>model/</c>.</exception>
    public static SignResult Sign(string versionDir, string keyPath)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        return Sign(versionDir, KeyFile.ReadSigningKey(keyPath));
    }

    /// <summary>
    /// Certificate mode (docs/formats.md §4): signs with the private key at
    /// <paramref name="keyPath"/> and records the signing certificate and the certificates of
    /// <paramref name="chainPaths"/> (intermediates, optionally the root) as the bundle's
    /// verification material instead of a key hint.
    /// </summary>
    /// <exception cref="BadInputException">A bad key or certificate file, a key that is not ECDSA P-256, or a certificate for another key.</exception>
    /// <exception cref="VerificationFailedException">The manifest does not describe the files in <c>model/</c>.</exception>
    public static SignResult SignWithCertificate(string versionDir, string keyPath, string certificatePath, IReadOnlyList<string> chainPaths)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(chainPaths);
        SigningKey key = KeyFile.ReadSigningKey(keyPath);
        if (key.Algorithm != SigningKeyAlgorithm.EcdsaP256)
        {
            // model_signing certificate mode verifies only elliptic-curve keys.
            throw new BadInputException($"Key '{keyPath}' is {SigningKeyAlgorithmNames.Name(key.Algorithm)}; certificate mode signs with an ecdsa-p256 key.");
        }

        using var leaf = CertificateFile.ReadSingle(certificatePath);
        if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.PublicKey.Spki))
        {
            throw new BadInputException($"Certificate '{certificatePath}' (subject '{leaf.Subject}') is not for the key '{keyPath}': their public keys differ.");
        }

        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> chain = CertificateFile.ReadAll(chainPaths);
        try
        {
            return Sign(versionDir, key, [leaf.RawData, .. chain.Select(c => c.RawData)]);
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>Signs <paramref name="versionDir"/> with an already loaded key.</summary>
    /// <exception cref="BadInputException">Missing directory or manifest, or a model the digest refuses.</exception>
    /// <exception cref="VerificationFailedException">The manifest does not describe the files in <c>model/</c>.</exception>
    public static SignResult Sign(string versionDir, SigningKey key) => Sign(versionDir, key, []);

    private static SignResult Sign(string versionDir, SigningKey key, IReadOnlyList<byte[]> certificateChain)
    {
        ArgumentNullException.ThrowIfNull(versionDir);
        ArgumentNullException.ThrowIfNull(key);
        if (!Directory.Exists(versionDir))
        {
            throw new BadInputException($"Version directory '{versionDir}' does not exist.");
        }

        string modelDir = VersionLayout.ModelPath(versionDir);
        if (!Directory.Exists(modelDir))
        {
            throw new BadInputException($"Version directory '{versionDir}' has no '{VersionLayout.ModelDirectory}/' directory.");
        }

        string manifestPath = VersionLayout.ManifestPath(versionDir);
        if (!File.Exists(manifestPath))
        {
            throw new BadInputException($"Version directory '{versionDir}' has no {VersionLayout.Manifest}; export writes it before signing.");
        }

        ModelDigestResult digest = ModelHasher.Compute(modelDir);
        byte[] manifestBytes = File.ReadAllBytes(manifestPath);
        Manifest manifest;
        try
        {
            manifest = Manifest.Parse(manifestBytes);
        }
        catch (FormatException ex)
        {
            throw new BadInputException($"Manifest '{manifestPath}': {ex.Message}", ex);
        }

        if (!ModelDigestResult.RootsEqual(manifest.Digest.Root, digest.Root) || !manifest.Files.SequenceEqual(digest.Files))
        {
            throw new VerificationFailedException(
                $"{VersionLayout.Manifest} does not describe '{modelDir}' (manifest root {manifest.Digest.Root}, files hash to {digest.Root}); re-export instead of signing.");
        }

        // Recomputed, never copied: the signature names the hash the chain will carry.
        var keeper = new ManifestKeeperHash(KeeperModelHash.RecipeName, ModelHasher.ComputeKeeper(modelDir).Hash);
        if (manifest.KeeperHash is null)
        {
            throw new BadInputException($"{manifestPath} has no keeper_hash (it was written by an older trustscore); re-export the model instead of signing it.");
        }

        if (manifest.KeeperHash != keeper)
        {
            throw new VerificationFailedException(
                $"{VersionLayout.Manifest} says keeper_hash {manifest.KeeperHash.Recipe} {manifest.KeeperHash.Hash} but '{modelDir}' hashes to {keeper.Hash}; re-export instead of signing.");
        }

        var artifacts = new List<SignedResource> { Artifact(VersionLayout.Manifest, manifestBytes) };
        string metadataPath = VersionLayout.ExportMetadataPath(versionDir);
        if (File.Exists(metadataPath))
        {
            artifacts.Add(Artifact(VersionLayout.ExportMetadata, File.ReadAllBytes(metadataPath)));
        }

        var statement = ModelStatement.For(VersionLayout.ModelDirectory, digest, ModelDigest.DefaultIgnorePaths, artifacts, keeper);
        byte[] payload = statement.ToPayload();
        byte[] signature = key.Sign(Dsse.Pae(Dsse.InTotoPayloadType, payload));
        var bundle = new SigstoreBundle(
            SigstoreBundle.BundleMediaType,
            key.PublicKey.Hint,
            new DsseEnvelope(Dsse.InTotoPayloadType, payload, [new DsseSignature(signature, string.Empty)]))
        {
            CertificateChain = certificateChain,
        };
        string signaturePath = VersionLayout.SignaturePath(versionDir);
        AtomicFile.WriteAllBytes(signaturePath, bundle.ToJson());
        return new SignResult(signaturePath, digest.Root, key.Algorithm, key.PublicKey.Hint, artifacts);
    }

    private static SignedResource Artifact(string name, byte[] bytes) =>
        new(name, ModelDigest.Algorithm, Convert.ToHexStringLower(SHA256.HashData(bytes)));
}
