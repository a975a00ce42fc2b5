using System.Security.Cryptography;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Scoring;

/// <summary>
/// The one way a pipeline step gets a scorer from a version directory (runbook §1.4, §7.1): the
/// directory is digested and compared with the manifest first; only then is <c>model.onnx</c>
/// parsed, with its expected SHA-256 from the manifest, and its conformance vectors re-run.
/// A model that fails any of this is never used.
/// </summary>
public static class VerifiedModelLoader
{
    /// <summary>Checks that must pass before a model is loaded (the signature ones only when a key is given).</summary>
    private static readonly string[] RequiredChecks =
        [VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignatureCheck, VersionVerifier.SignedContentCheck];

    /// <summary>Verifies and loads the model of <paramref name="versionDir"/>.</summary>
    /// <param name="versionDir">An exported or published version directory.</param>
    /// <param name="keys">Operator keys; when given, <c>model.sig</c> must verify too.</param>
    /// <exception cref="BadInputException">The directory does not exist or holds no readable manifest.</exception>
    /// <exception cref="VerificationFailedException">A digest, signature or conformance vector does not match, or the model cannot be parsed.</exception>
    public static VerifiedModel Load(string versionDir, VerifyOptions? keys = null)
    {
        var report = VerifyDigest(versionDir, keys);
        var manifest = Manifest.Read(VersionLayout.ManifestPath(versionDir));

        string modelDir = VersionLayout.ModelPath(versionDir);
        string modelPath = Path.Combine(modelDir, VersionLayout.ModelOnnx);
        string conformancePath = Path.Combine(modelDir, VersionLayout.Conformance);
        string modelSha = ListedSha256(manifest, VersionLayout.ModelOnnx, versionDir);
        string conformanceSha = ListedSha256(manifest, VersionLayout.Conformance, versionDir);

        // Read once, check against the manifest, then use exactly these bytes: a file swapped
        // after the digest pass above is caught here, not used.
        byte[] conformanceBytes = File.ReadAllBytes(conformancePath);
        string actualConformanceSha = Convert.ToHexStringLower(SHA256.HashData(conformanceBytes));
        if (!IO.Sha256Text.Same(actualConformanceSha, conformanceSha))
        {
            throw new VerificationFailedException($"{conformancePath} has SHA-256 {actualConformanceSha}, not the {conformanceSha} the manifest lists.");
        }

        try
        {
            var conformance = ConformanceVectors.Parse(conformanceBytes);
            Export.ExportedModel.RequireSameRule(manifest, conformance);
            var scorer = Scorer.LoadFile(modelPath, modelSha, conformance);
            return new VerifiedModel(versionDir, report.Version, manifest.Digest.Root, modelPath, conformancePath, conformance, scorer, report);
        }
        catch (ModelIntegrityException ex)
        {
            throw new VerificationFailedException($"{modelPath}: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new VerificationFailedException($"{versionDir}: the model cannot be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The digest half of <see cref="Load"/>: <c>model/</c> re-hashed and compared file by file
    /// and by root with the manifest (and <c>model.sig</c> checked when keys are given).
    /// </summary>
    /// <exception cref="BadInputException">The directory does not exist, or the key options are unusable.</exception>
    /// <exception cref="VerificationFailedException">A required check failed; the message names each.</exception>
    public static VerificationReport VerifyDigest(string versionDir, VerifyOptions? keys = null)
    {
        var options = (keys ?? new VerifyOptions()) with { RequireSignature = keys is not null };
        var report = VersionVerifier.Verify(versionDir, options);
        var failed = report.Checks.Where(c => !c.Passed && RequiredChecks.Contains(c.Name)).ToList();
        if (failed.Count > 0)
        {
            throw new VerificationFailedException(
                $"{versionDir} does not verify, so its model is not used: {string.Join("; ", failed.Select(c => $"{c.Name}: {c.Detail}"))}.");
        }

        return report;
    }

    private static string ListedSha256(Manifest manifest, string name, string versionDir) =>
        manifest.Files.FirstOrDefault(f => f.Name == name)?.Sha256
        ?? throw new VerificationFailedException($"{VersionLayout.ManifestPath(versionDir)} does not list {VersionLayout.ModelDirectory}/{name}.");
}
