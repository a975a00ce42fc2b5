using TrustScore.Consensus.Digest;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>
/// Recompute, never trust (STYLE.md §12): before a digest goes into a proposal, the version
/// directory's <c>model/</c> is hashed again with the one digest (<see cref="ModelDigest"/>) and
/// compared with the manifest's root and with every listed file, and the release gates must have
/// passed.
/// </summary>
public static class ManifestVerifier
{
    /// <summary>Checks <paramref name="manifest"/> against its <c>model/</c> directory and its gates.</summary>
    /// <exception cref="VerificationFailedException">A digest, file list or model directory does not match.</exception>
    /// <exception cref="GatesFailedException">The manifest does not record that every gate passed.</exception>
    public static void Verify(ManifestFacts manifest)
    {
        VerifyDigest(manifest);
        if (!manifest.GatesPassed)
        {
            var failed = manifest.Gates.Where(g => !g.Passed).Select(g => g.Name).ToList();
            string which = failed.Count > 0 ? $" (failed: {string.Join(", ", failed)})" : string.Empty;
            throw new GatesFailedException($"manifest '{manifest.Path}' does not record gates.passed = true{which}; a model that failed its release gates cannot be proposed.");
        }
    }

    /// <summary>Checks only the digest: the recomputed root and files of <c>model/</c> equal the manifest's.</summary>
    /// <exception cref="VerificationFailedException">They differ, or <c>model/</c> cannot be hashed.</exception>
    public static void VerifyDigest(ManifestFacts manifest)
    {
        string modelDir = Path.Combine(manifest.VersionDirectory, "model");
        if (!Directory.Exists(modelDir))
        {
            throw new VerificationFailedException($"model directory '{modelDir}' next to manifest '{manifest.Path}' does not exist.");
        }

        ModelDigestResult actual;
        try
        {
            actual = ModelDigest.Compute(modelDir);
        }
        catch (ModelDigestException ex)
        {
            throw new VerificationFailedException($"model directory '{modelDir}' cannot be digested: {ex.Message}", ex);
        }

        var listed = manifest.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var file in actual.Files)
        {
            if (!listed.Remove(file.Name, out var entry))
            {
                throw new VerificationFailedException($"'{file.Name}' in '{modelDir}' is not listed in manifest '{manifest.Path}'.");
            }

            if (!DigestText.Same(entry.Sha256, file.Sha256))
            {
                throw new VerificationFailedException($"'{file.Name}' in '{modelDir}' has SHA-256 {DigestText.ToHex(file.Sha256)}, but manifest '{manifest.Path}' lists {entry.Sha256}.");
            }
        }

        if (listed.Count > 0)
        {
            throw new VerificationFailedException($"manifest '{manifest.Path}' lists '{listed.Keys.Order(StringComparer.Ordinal).First()}', which is missing from '{modelDir}'.");
        }

        if (!DigestText.Same(manifest.RootDigest, actual.Root))
        {
            throw new VerificationFailedException($"root digest of '{modelDir}' is {actual.Root}, but manifest '{manifest.Path}' says {manifest.RootDigest}.");
        }
    }
}
