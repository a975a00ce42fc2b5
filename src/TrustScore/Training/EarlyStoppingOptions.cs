namespace TrustScore.Training;

/// <summary>EarlyStopping settings (Keras semantics; runbook §1.3).</summary>
public sealed record EarlyStoppingOptions
{
    /// <summary>Whether the callback runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; init; } = 15;

    /// <summary>An improvement is val_loss + MinDelta &lt; best (an absolute decrease by more than MinDelta).</summary>
    public double MinDelta { get; init; } = 0.001;

    /// <summary>Restore the best epoch's weights when training ends.</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
