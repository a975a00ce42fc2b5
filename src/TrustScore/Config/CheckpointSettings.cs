namespace TrustScore.Config;

/// <summary>Checkpointing, from <c>model.checkpoint_dir</c> and <c>model.save_best_only</c>.</summary>
public sealed record CheckpointSettings
{
    public required string Directory { get; init; }

    public required bool SaveBestOnly { get; init; }

    /// <summary>Upstream's file name pattern <c>model_{epoch:03d}_{val_loss:.4f}</c>.</summary>
    public string NamePattern { get; init; } = "model_{epoch:03d}_{val_loss:.4f}";
}
