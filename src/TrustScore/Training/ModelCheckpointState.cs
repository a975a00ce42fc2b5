using System.Text.Json.Serialization;

namespace TrustScore.Training;

/// <summary>
/// The <c>state</c> of a one-network checkpoint (kind <c>model</c>): a <c>model_*.ckpt</c> written
/// after an epoch (with its validation loss) or <c>final.ckpt</c> (with the weights' digest).
/// Written through <see cref="CheckpointJsonContext"/>; the header's keys are sorted on writing
/// (docs/numerics-training.md §8), so the order here does not reach the file.
/// </summary>
public sealed record ModelCheckpointState(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("options_digest")] string OptionsDigest,
    [property: JsonPropertyName("input_width")] int InputWidth,
    [property: JsonPropertyName("feature_scaling")] string FeatureScaling,
    [property: JsonPropertyName("val_loss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValLoss = null,
    [property: JsonPropertyName("weights_digest"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WeightsDigest = null);
