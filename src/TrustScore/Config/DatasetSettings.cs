using System.Text.Json.Serialization;

namespace TrustScore.Config;

/// <summary>The <c>dataset</c> section: where the VEID records are and how they are ingested (runbook §1.1–1.2).</summary>
public sealed record DatasetSettings
{
    /// <summary>Files or directories holding <c>.jsonl</c> / <c>.parquet</c> records, after variable expansion.</summary>
    public required IReadOnlyList<string> DataPaths { get; init; }

    /// <summary>How each data path was produced (variables, defaults), for error messages. Not part of the digest.</summary>
    [JsonIgnore]
    public required IReadOnlyList<ExpandedValue> DataPathSources { get; init; }

    public required IReadOnlyList<string> DocTypes { get; init; }

    public required double TrainSplit { get; init; }

    public required double ValSplit { get; init; }

    public required double TestSplit { get; init; }

    public required bool Anonymize { get; init; }

    /// <summary><c>hash_sha256</c>: HMAC-SHA256 of the sample id keyed by the salt (docs/dataset-format.md).</summary>
    public required string AnonymizationMethod { get; init; }

    /// <summary>
    /// File holding the anonymisation salt (TrustScore addition; upstream made a fresh salt per run).
    /// Empty: the public development salt is used and reported as such.
    /// </summary>
    public required string AnonymizationSaltFile { get; init; }

    public required int? MaxSamples { get; init; }

    public required bool BalanceClasses { get; init; }

    public required int MinSamplesPerClass { get; init; }

    public required double MinFaceConfidence { get; init; }

    public required double MinDocQuality { get; init; }

    public required double MinOcrConfidence { get; init; }

    public required long RandomSeed { get; init; }

    public required string CacheDir { get; init; }

    public required bool UseCache { get; init; }
}
