using System.Text.Json.Serialization;

namespace TrustScore.Config;

/// <summary>
/// The training part of upstream's <c>model</c> section (batch size, epochs, Adam, callbacks),
/// gathered in one typed record. YAML keys keep upstream's names and place.
/// </summary>
public sealed record TrainingSettings
{
    public required double LearningRate { get; init; }

    public required int BatchSize { get; init; }

    public required int Epochs { get; init; }

    /// <summary>Only <c>adam</c> is implemented.</summary>
    public required string Optimizer { get; init; }

    [JsonPropertyName("adam_beta_1")]
    public required double AdamBeta1 { get; init; }

    [JsonPropertyName("adam_beta_2")]
    public required double AdamBeta2 { get; init; }

    /// <summary>Keras's ε = 1e-7 (not PyTorch's 1e-8).</summary>
    public required double AdamEpsilon { get; init; }

    public required ReduceLrOnPlateauSettings ReduceLrOnPlateau { get; init; }

    public required EarlyStoppingSettings EarlyStopping { get; init; }

    public required CheckpointSettings Checkpoint { get; init; }

    public required string TensorboardLogDir { get; init; }

    [JsonPropertyName("log_every_n_steps")]
    public required int LogEveryNSteps { get; init; }
}
