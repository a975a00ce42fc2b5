namespace TrustScore.Config;

/// <summary>
/// Keras ReduceLROnPlateau on val_loss, from <c>model.use_lr_schedule</c>, <c>lr_decay_factor</c>,
/// <c>lr_decay_patience</c>, <c>min_lr</c>. <see cref="MinDelta"/> is Keras's default (not in the YAML).
/// </summary>
public sealed record ReduceLrOnPlateauSettings
{
    public required bool Enabled { get; init; }

    public required double Factor { get; init; }

    public required int Patience { get; init; }

    public required double MinLr { get; init; }

    /// <summary>An improvement is an absolute decrease greater than this (Keras default 1e-4).</summary>
    public double MinDelta { get; init; } = 1e-4;
}
