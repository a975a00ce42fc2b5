namespace TrustScore.Quickstart;

/// <summary>
/// What <c>trustscore quickstart</c> runs: the whole runbook (§1–§5, §8) on generated synthetic
/// data in one directory.
/// </summary>
public sealed record QuickstartOptions
{
    /// <summary>The default working directory, relative to the current directory.</summary>
    public const string DefaultDirectory = "quickstart-run";

    /// <summary>The default number of synthetic records.</summary>
    public const int DefaultSamples = 20_000;

    /// <summary>The smallest number of records that leaves every split non-empty after filtering and balancing.</summary>
    public const int MinimumSamples = 500;

    /// <summary>Where everything goes. A previous quickstart directory there is replaced; any other non-empty directory is refused.</summary>
    public string Directory { get; init; } = DefaultDirectory;

    /// <summary>Synthetic records to generate.</summary>
    public int Samples { get; init; } = DefaultSamples;

    /// <summary>Training epochs for each of the two trained versions.</summary>
    public int Epochs { get; init; } = QuickstartConfig.DefaultEpochs;

    /// <summary>Keep the bulky intermediate files (training checkpoints, the determinism re-export) instead of removing them at the end.</summary>
    public bool Keep { get; init; }

    /// <summary>
    /// A training config to use instead of the generated one, for both versions (so the second is a
    /// retrain with identical weights); its <c>${VEID_DATASET_PATH}</c> is set to the generated data.
    /// </summary>
    public string? ConfigPath { get; init; }

    /// <summary>An S3-compatible endpoint; when set, the first version is also published to <see cref="S3Registry"/> there.</summary>
    public string? S3Endpoint { get; init; }

    /// <summary>The S3 registry URL used with <see cref="S3Endpoint"/>.</summary>
    public string S3Registry { get; init; } = "s3://trustscore-quickstart/models/trust_score";

    /// <summary>
    /// How to start this CLI again (the <c>dotnet</c> host and the path of TrustScore.Cli.dll), for
    /// the cross-process determinism check (runbook §2.3, <c>verify-determinism</c>). Null: that
    /// check is left out and only the re-export comparison runs.
    /// </summary>
    public (string Host, IReadOnlyList<string> Arguments)? CliHost { get; init; }

    /// <summary>Worker threads for training; null means the config's value. Never changes the result.</summary>
    public int? Threads { get; init; }
}
