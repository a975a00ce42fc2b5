namespace TrustScore.Training;

/// <summary>
/// Names inside a training run's output directory (runbook §1.4;
/// docs/training-run.md). The exported version directories live under
/// <see cref="ExportedModels"/>.
/// </summary>
public static class TrainingRunLayout
{
    /// <summary>The resolved config snapshot and its digest.</summary>
    public const string TrainingConfig = "training_config.json";

    /// <summary>The dataset manifest (files, filters, splits, salt commitment, digest).</summary>
    public const string DatasetManifest = "dataset_manifest.json";

    /// <summary>Per-epoch curves written by the trainer.</summary>
    public const string TrainingHistory = "training_history.json";

    /// <summary>Checkpoints written by the trainer, plus <see cref="FinalCheckpoint"/>.</summary>
    public const string Checkpoints = "checkpoints";

    /// <summary>The network the run evaluated (best weights restored): what <c>train</c> exports and <c>export</c> re-exports by default.</summary>
    public const string FinalCheckpoint = "final.ckpt";

    /// <summary>Directory holding one directory per exported version.</summary>
    public const string ExportedModels = "exported_models";

    /// <summary>Path of <see cref="FinalCheckpoint"/> in <paramref name="runDir"/>.</summary>
    public static string FinalCheckpointPath(string runDir) => Path.Combine(runDir, Checkpoints, FinalCheckpoint);

    /// <summary>Path of <see cref="Trainer.LastCheckpointName"/> in <paramref name="runDir"/>.</summary>
    public static string LastCheckpointPath(string runDir) => Path.Combine(runDir, Checkpoints, Trainer.LastCheckpointName);
}
