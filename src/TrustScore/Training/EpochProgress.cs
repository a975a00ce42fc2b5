namespace TrustScore.Training;

/// <summary>
/// Progress of a training run, reported during an epoch (every ~1% of its steps) and once at
/// its end (<see cref="EpochCompleted"/> true, validation figures set). Epoch is 1-based.
/// </summary>
public sealed record EpochProgress(
    int Epoch, int Epochs, int Step, int Steps, double Loss, double Mae, bool EpochCompleted,
    double? ValLoss, double? ValMae, double LearningRate, TimeSpan Elapsed);
