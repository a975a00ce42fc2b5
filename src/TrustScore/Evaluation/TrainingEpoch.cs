namespace TrustScore.Evaluation;

/// <summary>One epoch of training_history.json; a field the trainer did not record is null.</summary>
/// <param name="Epoch">Epoch number as the trainer wrote it.</param>
/// <param name="Loss">Training loss.</param>
/// <param name="ValLoss">Validation loss.</param>
/// <param name="Mae">Training MAE.</param>
/// <param name="ValMae">Validation MAE.</param>
/// <param name="LearningRate">Learning rate (<c>lr</c>).</param>
public sealed record TrainingEpoch(int Epoch, double? Loss, double? ValLoss, double? Mae, double? ValMae, double? LearningRate);
