namespace TrustScore.Config;

/// <summary>The <c>export</c> section (runbook §1.4).</summary>
public sealed record ExportSettings
{
    public required string ExportDir { get; init; }

    public required string VersionPrefix { get; init; }

    public required bool IncludeTimestamp { get; init; }

    public required bool IncludeOptimizer { get; init; }

    public required string SignatureName { get; init; }

    public required string InputName { get; init; }

    public required string OutputName { get; init; }

    /// <summary>Must be false: quantisation would break the bit-exact numerics contract.</summary>
    public required bool Quantize { get; init; }

    public required string QuantizationType { get; init; }

    public required bool ComputeHash { get; init; }

    /// <summary>Only <c>sha256</c> (the one model digest, FORMATS.md §1).</summary>
    public required string HashAlgorithm { get; init; }

    /// <summary>
    /// The integer score rule sealed with the exported model (docs/numerics.md §8):
    /// <c>truncate</c> (the VirtEngine node's rule, the default) or <c>round-half-up</c>.
    /// </summary>
    public required string ScoreRule { get; init; }

    /// <summary>The <see cref="ScoreRule"/> as a rule (the loader has checked the name).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Consensus.Scoring.ScoreRule Rule => Consensus.Scoring.ScoreRule.Find(ScoreRule) ?? Consensus.Scoring.ScoreRule.Default;
}
