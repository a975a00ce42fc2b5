using TrustScore.Consensus;
using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;
using TrustScore.Signing;

namespace TrustScore.Export;

/// <summary>
/// An exported version directory loaded the way a validator loads it (runbook §2.3, §7.2):
/// <c>model/</c> is re-hashed and must match <c>manifest.json</c> file by file and at the root,
/// and <c>model.onnx</c> must hash to its listed digest and reproduce every conformance vector
/// bit for bit before a single score is computed.
/// </summary>
/// <param name="VersionDir">The version directory.</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Digest">The freshly computed digest of <c>model/</c>.</param>
/// <param name="Scorer">The consensus scorer over <c>model/model.onnx</c>.</param>
/// <param name="Conformance">The model's conformance vectors.</param>
public sealed record ExportedModel(string VersionDir, Manifest Manifest, ModelDigestResult Digest, Scorer Scorer, ConformanceVectors Conformance)
{
    /// <summary>Loads and checks <paramref name="versionDir"/>.</summary>
    /// <exception cref="BadInputException">The directory or its manifest is missing or unreadable.</exception>
    /// <exception cref="VerificationFailedException">A digest, file list or conformance vector does not match.</exception>
    public static ExportedModel Load(string versionDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionDir);
        if (!Directory.Exists(versionDir))
        {
            throw new BadInputException($"--model '{versionDir}' is not a directory; pass an exported version directory (exported_models/<version>).");
        }

        if (!File.Exists(VersionLayout.ManifestPath(versionDir)))
        {
            throw new BadInputException($"--model '{versionDir}' has no {VersionLayout.Manifest}; pass an exported version directory (exported_models/<version>).");
        }

        var manifest = Manifest.Read(VersionLayout.ManifestPath(versionDir));
        ModelDigestResult digest;
        try
        {
            digest = ModelDigest.Compute(VersionLayout.ModelPath(versionDir));
        }
        catch (ModelDigestException ex)
        {
            throw ConsensusErrors.Translate(ex, $"{VersionLayout.ModelPath(versionDir)} cannot be digested");
        }

        if (!ModelDigestResult.RootsEqual(digest.Root, manifest.Digest.Root) || !digest.Files.SequenceEqual(manifest.Files))
        {
            var listed = manifest.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
            string changed = string.Join(", ", digest.Files.Where(f => !listed.TryGetValue(f.Name, out var l) || l != f).Select(f => f.Name)
                .Concat(manifest.Files.Where(l => digest.Files.All(f => f.Name != l.Name)).Select(l => l.Name + " (missing)")));
            throw new VerificationFailedException(
                $"{VersionLayout.ModelPath(versionDir)} hashes to {digest.Root} but {VersionLayout.Manifest} says {manifest.Digest.Root}{(changed.Length > 0 ? $" (differing: {changed})" : string.Empty)}; the model was changed after export.");
        }

        var (scorer, conformance) = LoadScorer(versionDir, manifest);
        return new ExportedModel(Path.GetFullPath(versionDir), manifest, digest, scorer, conformance);
    }

    /// <summary>
    /// Loads <c>model/model.onnx</c>, checking it against the digest <paramref name="manifest"/>
    /// lists for it and against <c>model/conformance.json</c>.
    /// </summary>
    /// <exception cref="VerificationFailedException">Digest or conformance mismatch, or an unreadable model or conformance file.</exception>
    public static (Scorer Scorer, ConformanceVectors Conformance) LoadScorer(string versionDir, Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        string modelDir = VersionLayout.ModelPath(versionDir);
        var listed = manifest.Files.FirstOrDefault(f => f.Name == VersionLayout.ModelOnnx)
            ?? throw new VerificationFailedException($"{VersionLayout.Manifest} does not list {VersionLayout.ModelOnnx}.");
        try
        {
            var conformance = ConformanceVectors.Parse(File.ReadAllBytes(Path.Combine(modelDir, VersionLayout.Conformance)));
            var scorer = Scorer.LoadFile(Path.Combine(modelDir, VersionLayout.ModelOnnx), listed.Sha256, conformance);
            return (scorer, conformance);
        }
        catch (ConsensusException ex)
        {
            throw ConsensusErrors.Translate(ex, modelDir);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new VerificationFailedException($"{modelDir}: {ex.Message}", ex);
        }
    }
}
