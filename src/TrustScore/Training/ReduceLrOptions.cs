namespace TrustScore.Training;

/// <summary>ReduceLROnPlateau settings (Keras semantics; runbook §1.3).</summary>
public sealed record ReduceLrOptions
{
    /// <summary>Whether the callback runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>New lr = max(lr·Factor, MinLearningRate).</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Lower bound on the learning rate.</summary>
    public double MinLearningRate { get; init; } = 1e-6;

    /// <summary>An improvement is val_loss &lt; best − MinDelta (absolute; Keras default 1e-4).</summary>
    public double MinDelta { get; init; } = 1e-4;

    /// <summary>Epochs to wait after a reduction before counting again.</summary>
    public int Cooldown { get; init; }
}
