namespace TrustScore.Governance;

/// <summary>
/// The parts of an exported version's <c>manifest.json</c> (FORMATS.md §2) that a proposal uses,
/// as read by <see cref="ManifestReader"/>.
/// </summary>
/// <param name="Path">Where the manifest was read from.</param>
/// <param name="Name">Model name (<c>model.name</c>).</param>
/// <param name="Version">Model version (<c>model.version</c>).</param>
/// <param name="ModelType">Model type (<c>model.type</c>), e.g. <c>trust_score</c>; empty when absent.</param>
/// <param name="RootDigest">Root digest as written, <c>sha256:&lt;64 hex&gt;</c>.</param>
/// <param name="Files">The file list the digest covers.</param>
/// <param name="Metrics">Evaluation metrics by name (numbers only), in name order.</param>
/// <param name="GatesPassed">Whether every release gate passed (<c>gates.passed</c>).</param>
/// <param name="Gates">Each gate's result.</param>
/// <param name="PreviousVersion">The previous version named by the manifest, or null.</param>
/// <param name="PreviousRoot">The previous version's root digest, or null.</param>
public sealed record ManifestFacts(
    string Path,
    string Name,
    string Version,
    string ModelType,
    string RootDigest,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyList<KeyValuePair<string, double>> Metrics,
    bool GatesPassed,
    IReadOnlyList<GateFact> Gates,
    string? PreviousVersion,
    string? PreviousRoot)
{
    /// <summary>The root digest as 64 lower-case hex characters (the chain's <c>sha256_hash</c>).</summary>
    public string RootHex => DigestText.ToHex(RootDigest);

    /// <summary>The version directory holding this manifest.</summary>
    public string VersionDirectory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

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
}
