namespace TrustScore.Evaluation;

/// <summary>What <c>trustscore evaluate</c> evaluates (runbook §2).</summary>
public sealed record ModelEvaluationOptions
{
    /// <summary>The exported version directory.</summary>
    public required string ModelDir { get; init; }

    /// <summary>A .jsonl/.parquet file or a directory of them.</summary>
    public required string DatasetPath { get; init; }

    /// <summary>A training config: its dataset rules select the test split and its thresholds apply. Null: every record, default thresholds.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>A baseline model directory or metrics file to compare with.</summary>
    public string? BaselinePath { get; init; }

    /// <summary>Where to write the three reports; null writes none.</summary>
    public string? OutputDir { get; init; }

    /// <summary>Scoring threads (never changes a score).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Variables for config expansion; null means the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
