namespace TrustScore.Training;

/// <summary>Checkpoint settings (runbook §1.3–1.4).</summary>
public sealed record CheckpointOptions
{
    /// <summary>Write <c>checkpoints/model_{epoch:03d}_{val_loss:.4f}.ckpt</c> files.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Only when val_loss improves on the best so far (Keras <c>save_best_only</c>).</summary>
    public bool SaveBestOnly { get; init; } = true;
}
