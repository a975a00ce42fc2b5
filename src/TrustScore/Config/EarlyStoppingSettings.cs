namespace TrustScore.Config;

/// <summary>Keras EarlyStopping on val_loss, from <c>model.early_stopping*</c>; best weights are restored.</summary>
public sealed record EarlyStoppingSettings
{
    public required bool Enabled { get; init; }

    public required int Patience { get; init; }

    /// <summary>Absolute decrease in val_loss that counts as an improvement.</summary>
    public required double MinDelta { get; init; }

    public bool RestoreBestWeights { get; init; } = true;
}
