using TrustScore.Governance;

namespace TrustScore.Impact;

/// <summary>What <c>trustscore diff</c> compares (docs/governance.md, "Impact report").</summary>
public sealed record ImpactOptions
{
    /// <summary>The version directory in force now (the "from" model).</summary>
    public required string FromDir { get; init; }

    /// <summary>The version directory proposed (the "to" model).</summary>
    public required string ToDir { get; init; }

    /// <summary>A .jsonl/.parquet file or a directory of them.</summary>
    public required string DatasetPath { get; init; }

    /// <summary>A training config: score its test split instead of every record.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The chain profile whose <c>score_thresholds</c> are reported.</summary>
    public ChainProfile Chain { get; init; } = ChainProfile.VirtEngineMainnet;

    /// <summary>How many of the largest individual changes to list.</summary>
    public int LargestChanges { get; init; } = 20;

    /// <summary>Scoring threads (never changes a score).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Variables for config expansion; null means the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
