namespace TrustScore.Training;

/// <summary>One epoch of <c>training_history.json</c> (runbook §1.4). Epoch is 1-based.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double Mae, double ValLoss, double ValMae, double LearningRate, double TimeSeconds);
