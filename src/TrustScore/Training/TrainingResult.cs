namespace TrustScore.Training;

/// <summary>
/// What <see cref="Trainer.Train"/> returns (runbook §1.3–1.4): the final network (best
/// weights restored when early stopping restores them), the per-epoch history and where the
/// outputs were written.
/// </summary>
public sealed record TrainingResult
{
    /// <summary>The trained network.</summary>
    public required TrainedNetwork Network { get; init; }

    /// <summary>One record per epoch run (including epochs from before a resume).</summary>
    public required IReadOnlyList<EpochRecord> History { get; init; }

    /// <summary>1-based epoch whose weights <see cref="Network"/> holds when best weights were restored; otherwise the last epoch.</summary>
    public required int WeightsEpoch { get; init; }

    /// <summary>1-based epoch at which early stopping ended training, or null.</summary>
    public required int? StoppedEpoch { get; init; }

    /// <summary>The run's output directory.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Same as <see cref="TrainedNetwork.WeightsDigest"/> of <see cref="Network"/>.</summary>
    public string WeightsDigest() => Network.WeightsDigest();
}
