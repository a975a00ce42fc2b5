namespace TrustScore.Training;

/// <summary>What <c>trustscore export</c> re-exports: a checkpoint of an existing training run (runbook §1.4).</summary>
public sealed record CheckpointExportOptions
{
    /// <summary>The training run's output directory.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>The version to export.</summary>
    public required string Version { get; init; }

    /// <summary>The checkpoint; null means the run's <c>checkpoints/final.ckpt</c> (what <c>train</c> evaluated).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>The training config; null means the file recorded in the run's <c>training_config.json</c>. Its digest must match the record.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>A private key file; when given the exported version is signed.</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>The version directory this model follows.</summary>
    public string? PreviousVersionDir { get; init; }

    /// <summary>Scoring threads (never changes a score).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Variables for config expansion; null means the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
