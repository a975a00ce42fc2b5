using TrustScore.Consensus;
using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;
using TrustScore.Signing;

namespace TrustScore.Export;

/// <summary>
/// An exported version directory loaded the way a validator loads it (runbook §2.3, §7.2):
/// <c>model/</c> is re-hashed and must match <c>manifest.json</c> file by file and at the root,
/// its keeper hash (the chain's <c>sha256_hash</c>, docs/formats.md §1b) must match
/// <c>keeper_hash</c>, and <c>model.onnx</c> must hash to its listed digest and reproduce every
/// conformance vector bit for bit — under the score rule both conformance.json and the manifest
/// seal — before a single score is computed.
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

        string keeper;
        try
        {
            keeper = KeeperModelHash.Compute(VersionLayout.ModelPath(versionDir)).Hash;
        }
        catch (ModelDigestException ex)
        {
            throw new VerificationFailedException($"{VersionLayout.ModelPath(versionDir)} cannot be given a keeper hash: {ex.Message}", ex);
        }

        if (manifest.KeeperHash is null)
        {
            throw new VerificationFailedException($"{VersionLayout.ManifestPath(versionDir)} has no keeper_hash (written by an older trustscore); re-export the model.");
        }

        if (!KeeperModelHash.HashesEqual(keeper, manifest.KeeperHash.Hash))
        {
            throw new VerificationFailedException($"{VersionLayout.ModelPath(versionDir)} has keeper hash {keeper} but {VersionLayout.Manifest} says {manifest.KeeperHash.Hash}; the model was changed after export.");
        }

        RequireCurrentFeatureSchema(manifest);
        var (scorer, conformance) = LoadScorer(versionDir, manifest);
        return new ExportedModel(Path.GetFullPath(versionDir), manifest, digest, scorer, conformance);
    }

    /// <summary>
    /// Loads <c>model/model.onnx</c>, checking it against the digest <paramref name="manifest"/>
    /// lists for it and against <c>model/conformance.json</c>, whose score rule must be the
    /// manifest's <c>numerics.score_rule</c>.
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
            RequireSameRule(manifest, conformance);
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

    /// <summary>The rule the manifest seals must be the one conformance.json's scores follow.</summary>
    /// <exception cref="VerificationFailedException">The manifest has no rule, or another one.</exception>
    public static void RequireSameRule(Manifest manifest, ConformanceVectors conformance)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(conformance);
        if (manifest.Numerics.ScoreRule is null)
        {
            throw new VerificationFailedException($"{VersionLayout.Manifest} has no numerics.score_rule (written by an older trustscore); re-export the model.");
        }

        if (manifest.Numerics.ScoreRule != conformance.Rule.Id)
        {
            throw new VerificationFailedException($"{VersionLayout.Manifest} seals score rule {manifest.Numerics.ScoreRule} but model/{VersionLayout.Conformance} follows {conformance.Rule.Id}.");
        }
    }

    /// <summary>
    /// A model scores vectors of the feature schema it was trained on; this build assembles and
    /// accepts only <see cref="Data.FeatureSchema"/> (docs/feature-schema.md), so a model trained
    /// on another layout (e.g. schema v1, before the node's layout was adopted) cannot be used
    /// to score.
    /// </summary>
    /// <exception cref="BadInputException">The manifest names another feature schema.</exception>
    public static void RequireCurrentFeatureSchema(Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.FeatureSchema.Sha256 != Data.FeatureSchema.Digest)
        {
            throw new BadInputException(
                $"{VersionLayout.Manifest} says the model was trained on feature schema {manifest.FeatureSchema.Version} (sha256 {manifest.FeatureSchema.Sha256}), "
                + $"but this trustscore scores feature schema {Data.FeatureSchema.Version} (sha256 {Data.FeatureSchema.Digest}, the VirtEngine node's layout); retrain and re-export the model.");
        }
    }

    /// <summary>The integer score rule sealed with this model.</summary>
    public ScoreRule Rule => Conformance.Rule;
}
