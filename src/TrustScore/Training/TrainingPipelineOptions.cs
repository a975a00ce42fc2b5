namespace TrustScore.Training;

/// <summary>What <c>trustscore train</c> runs (runbook §1.3–1.4, §2).</summary>
public sealed record TrainingPipelineOptions
{
    /// <summary>The YAML training config.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The run's output directory; null means <c>output/trust_score_YYYYMMDD</c> (UTC).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The version to export; null means <c>&lt;version_prefix&gt;YYYYMMDD_HHMMSS</c> (UTC).</summary>
    public string? Version { get; init; }

    /// <summary>A private key file; when given the exported version is signed.</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>The version directory this model follows (recorded in the manifest after its digest is checked).</summary>
    public string? PreviousVersionDir { get; init; }

    /// <summary>Worker threads; null means the config's <c>determinism.intra_op_parallelism</c>. Never changes the result.</summary>
    public int? Threads { get; init; }

    /// <summary>Continue an interrupted run from <c>checkpoints/last.ckpt</c>.</summary>
    public bool Resume { get; init; }

    /// <summary>Variables for config expansion; null means the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
