using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Signing;

namespace TrustScore.Governance;

/// <summary>
/// The parts of an exported version's <c>manifest.json</c> (FORMATS.md §2) that a proposal uses,
/// read through the one manifest reader (<see cref="Manifest"/>) and remembering where it came from.
/// </summary>
/// <param name="Path">Where the manifest was read from.</param>
/// <param name="Name">Model name (<c>model.name</c>).</param>
/// <param name="Version">Model version (<c>model.version</c>).</param>
/// <param name="ModelType">Model type (<c>model.type</c>), e.g. <c>trust_score</c>.</param>
/// <param name="RootDigest">Root digest as written, <c>sha256:&lt;64 hex&gt;</c>.</param>
/// <param name="Files">The file list the digest covers.</param>
/// <param name="Metrics">Evaluation metrics by name, in name order.</param>
/// <param name="GatesPassed">Whether every release gate passed (<c>gates.passed</c>).</param>
/// <param name="Gates">Each gate's result.</param>
/// <param name="PreviousVersion">The previous version named by the manifest, or null.</param>
/// <param name="PreviousRoot">The previous version's root digest, or null.</param>
/// <param name="KeeperHash">The keeper hash of <c>model/</c> (docs/formats.md §1b), or null in a manifest that predates it.</param>
/// <param name="ScoreRule">The sealed score rule id (<c>numerics.score_rule</c>), or null in a manifest that predates it.</param>
public sealed record ManifestFacts(
    string Path,
    string Name,
    string Version,
    string ModelType,
    string RootDigest,
    IReadOnlyList<FileDigestEntry> Files,
    IReadOnlyList<KeyValuePair<string, double>> Metrics,
    bool GatesPassed,
    IReadOnlyList<ManifestGateResult> Gates,
    string? PreviousVersion,
    string? PreviousRoot,
    ManifestKeeperHash? KeeperHash,
    string? ScoreRule)
{
    /// <summary>The OpenSSF root digest as 64 lower-case hex characters (the signature's subject; kept in the proposal metadata).</summary>
    public string RootHex => Sha256Text.ToHex(RootDigest);

    /// <summary>
    /// The value a proposal puts in <c>sha256_hash</c>: the keeper hash of <c>model/</c> under the
    /// chain profile's recipe, which is what a validator's node recomputes before it scores.
    /// </summary>
    /// <exception cref="BadInputException">The manifest predates the keeper hash, records another recipe than the profile's, or seals another score rule.</exception>
    public string ChainHashFor(ChainProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (KeeperHash is null)
        {
            throw new BadInputException($"manifest '{Path}' has no keeper_hash (written by an older trustscore); re-export the model so the proposal can carry the hash the chain's keeper computes.");
        }

        if (KeeperHash.Recipe != profile.KeeperHashRecipe)
        {
            throw new BadInputException($"manifest '{Path}' records a {KeeperHash.Recipe} hash, but chain profile '{profile.Name}' uses keeper recipe {profile.KeeperHashRecipe}.");
        }

        if (ScoreRule != profile.ScoreRule.Id)
        {
            throw new BadInputException($"manifest '{Path}' seals score rule {ScoreRule ?? "(none)"}, but chain profile '{profile.Name}' records {profile.ScoreRule.Id}; export with export.score_rule: {profile.ScoreRule.ShortName}.");
        }

        return KeeperHash.Hash;
    }

    /// <summary>The version directory holding this manifest.</summary>
    public string VersionDirectory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>Reads <paramref name="path"/> (a manifest.json or the version directory holding one) with <see cref="Manifest.Read"/>.</summary>
    /// <exception cref="BadInputException">The file is missing, not JSON, a field is missing or has the wrong type, or the root is not a SHA-256 digest.</exception>
    public static ManifestFacts Read(string path)
    {
        string file = Directory.Exists(path) ? System.IO.Path.Combine(path, VersionLayout.Manifest) : path;
        if (!File.Exists(file))
        {
            throw new BadInputException($"manifest '{file}' does not exist.");
        }

        var m = Manifest.Read(file);
        _ = Sha256Text.ToHex(m.Digest.Root);
        return new ManifestFacts(
            file,
            m.Model.Name,
            m.Model.Version,
            m.Model.Type,
            m.Digest.Root,
            m.Files,
            [.. m.Metrics],
            m.Gates.Passed,
            m.Gates.Results,
            m.Previous?.Version,
            m.Previous?.Root,
            m.KeeperHash,
            m.Numerics.ScoreRule);
    }

    /// <summary>One metric by name, or null.</summary>
    public double? Metric(string name)
    {
        foreach (var (key, value) in Metrics)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// Recompute, never trust (STYLE.md §12): <c>model/</c> next to this manifest is re-digested by
    /// the one verification path (<see cref="Verification.VersionVerifier"/>) and every file and the
    /// root must match, and so must the keeper hash (the value a proposal puts on chain).
    /// </summary>
    /// <exception cref="VerificationFailedException">They differ, or <c>model/</c> cannot be hashed; the message names the files.</exception>
    public void VerifyDigest()
    {
        var report = Verification.VersionVerifier.Verify(VersionDirectory, new Verification.VerifyOptions { RequireSignature = false });
        var failed = report.Checks.Where(c => !c.Passed && c.Name is Verification.VersionVerifier.FilesCheck or Verification.VersionVerifier.RootCheck or Verification.VersionVerifier.KeeperHashCheck).ToList();
        if (failed.Count > 0)
        {
            throw new VerificationFailedException(
                $"the recomputed root digest and files of '{System.IO.Path.Combine(VersionDirectory, VersionLayout.ModelDirectory)}' do not match manifest '{Path}': {string.Join("; ", failed.Select(c => c.Detail))}.");
        }
    }

    /// <summary><see cref="VerifyDigest"/>, then the release gates must all have passed.</summary>
    /// <exception cref="VerificationFailedException">The digest or files differ.</exception>
    /// <exception cref="GatesFailedException">The manifest does not record that every gate passed.</exception>
    public void VerifyForRelease()
    {
        VerifyDigest();
        if (!GatesPassed)
        {
            var failed = Gates.Where(g => !g.Passed).Select(g => g.Name).ToList();
            string which = failed.Count > 0 ? $" (failed: {string.Join(", ", failed)})" : string.Empty;
            throw new GatesFailedException($"manifest '{Path}' does not record gates.passed = true{which}; a model that failed its release gates cannot be proposed.");
        }
    }
}
