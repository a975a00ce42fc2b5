using System.Text.Json.Serialization;

namespace TrustScore.Training;

/// <summary>
/// The <c>state</c> of <c>last.ckpt</c> (kind <c>last</c>): everything a resumed run needs to
/// continue bit for bit. Exact floating-point values travel as hex bit patterns
/// (<see cref="Checkpoint.Bits(float)"/>), never as JSON numbers. Written and read through
/// <see cref="CheckpointJsonContext"/>; a missing field is a malformed checkpoint.
/// </summary>
public sealed record LastCheckpointState(
    [property: JsonPropertyName("epochs_completed")] int EpochsCompleted,
    [property: JsonPropertyName("finished")] bool Finished,
    [property: JsonPropertyName("options_digest")] string OptionsDigest,
    [property: JsonPropertyName("train_rows")] int TrainRows,
    [property: JsonPropertyName("validation_rows")] int ValidationRows,
    [property: JsonPropertyName("input_width")] int InputWidth,
    [property: JsonPropertyName("learning_rate_bits")] string LearningRateBits,
    [property: JsonPropertyName("adam_step")] long AdamStep,
    [property: JsonPropertyName("adam_beta1_power_bits")] string AdamBeta1PowerBits,
    [property: JsonPropertyName("adam_beta2_power_bits")] string AdamBeta2PowerBits,
    [property: JsonPropertyName("plateau_best_bits")] string PlateauBestBits,
    [property: JsonPropertyName("plateau_wait")] int PlateauWait,
    [property: JsonPropertyName("plateau_cooldown")] int PlateauCooldown,
    [property: JsonPropertyName("stopping_best_bits")] string StoppingBestBits,
    [property: JsonPropertyName("stopping_wait")] int StoppingWait,
    [property: JsonPropertyName("stopping_best_epoch")] int StoppingBestEpoch,
    [property: JsonPropertyName("stopping_stopped_epoch")] int StoppingStoppedEpoch,
    [property: JsonPropertyName("checkpoint_best_bits")] string CheckpointBestBits,
    [property: JsonPropertyName("has_best")] bool HasBest,
    [property: JsonPropertyName("history")] IReadOnlyList<EpochRecord> History);
