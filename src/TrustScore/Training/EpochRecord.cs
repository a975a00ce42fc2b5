using System.Text.Json.Serialization;

namespace TrustScore.Training;

/// <summary>
/// One epoch of <c>training_history.json</c> (runbook §1.4). Epoch is 1-based. The JSON names are
/// those of its entries in <c>last.ckpt</c>'s history.
/// </summary>
public sealed record EpochRecord(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("mae")] double Mae,
    [property: JsonPropertyName("val_loss")] double ValLoss,
    [property: JsonPropertyName("val_mae")] double ValMae,
    [property: JsonPropertyName("lr")] double LearningRate,
    [property: JsonPropertyName("time_s")] double TimeSeconds);
