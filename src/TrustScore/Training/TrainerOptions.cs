using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Training;

/// <summary>
/// Everything that decides a training run (runbook §1.2–1.3; docs/configuration.md). The
/// defaults are the <c>trust_score_v1.yaml</c> values. Call <see cref="Validate"/> once at the
/// edge; <see cref="Trainer"/> calls it again and copies the values. Real-valued settings are
/// rounded to float32 once where the kernels use them (docs/numerics-training.md §5).
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Widths of the hidden Dense blocks, input side first (<c>model.hidden_layers</c>).</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [512, 256, 128, 64];

    /// <summary>Inverted-dropout rate after each hidden block (<c>model.dropout_rate</c>).</summary>
    public double DropoutRate { get; init; } = 0.3;

    /// <summary>L2 factor λ on hidden kernels: loss += λ·Σw² (<c>model.l2_regularization</c>).</summary>
    public double L2Regularization { get; init; } = 0.01;

    /// <summary>BatchNorm after each hidden Dense (<c>model.use_batch_norm</c>).</summary>
    public bool UseBatchNorm { get; init; } = true;

    /// <summary>Hidden activation; only <c>relu</c> is supported (<c>model.activation</c>).</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>Output multiplier after the sigmoid (<c>model.output_scale</c>).</summary>
    public double OutputScale { get; init; } = 100.0;

    /// <summary>BatchNorm ε (Keras 1e-3).</summary>
    public double BatchNormEpsilon { get; init; } = 1e-3;

    /// <summary>BatchNorm moving-average momentum (Keras 0.99).</summary>
    public double BatchNormMomentum { get; init; } = 0.99;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam ε (Keras 1e-7).</summary>
    public double Epsilon { get; init; } = 1e-7;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Maximum epochs.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>ReduceLROnPlateau on val_loss.</summary>
    public ReduceLrOptions ReduceLr { get; init; } = new();

    /// <summary>EarlyStopping on val_loss.</summary>
    public EarlyStoppingOptions EarlyStopping { get; init; } = new();

    /// <summary>Checkpointing (best-only model checkpoints plus the resumable <c>last</c> state).</summary>
    public CheckpointOptions Checkpoints { get; init; } = new();

    /// <summary>Feature scaling fitted on the training split.</summary>
    public FeatureScaling FeatureScaling { get; init; } = FeatureScaling.Standard;

    /// <summary>Seed for weight init, shuffles and dropout (<c>determinism.random_seed</c>).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads; never changes the result (docs/numerics.md §1).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks every field; throws one sentence naming the field.</summary>
    /// <exception cref="BadInputException">A field is out of range.</exception>
    public TrainerOptions Validate()
    {
        if (HiddenLayers is null || HiddenLayers.Count == 0 || HiddenLayers.Count > 64 || HiddenLayers.Any(w => w <= 0 || w > 65536))
        {
            throw new BadInputException("model.hidden_layers must list 1 to 64 widths, each between 1 and 65536.");
        }

        Require(DropoutRate is >= 0 and < 1, "model.dropout_rate must be in [0, 1).");
        Require(L2Regularization is >= 0 and < 1e6, "model.l2_regularization must be >= 0.");
        Require(string.Equals(Activation, "relu", StringComparison.Ordinal), $"model.activation '{Activation}' is not supported; only 'relu' is.");
        Require(OutputScale is > 0 and < 1e9, "model.output_scale must be positive.");
        Require(BatchNormEpsilon is > 0 and < 1, "batch-norm epsilon must be in (0, 1).");
        Require(BatchNormMomentum is >= 0 and < 1, "batch-norm momentum must be in [0, 1).");
        Require(LearningRate is > 0 and < 10, "training.learning_rate must be in (0, 10).");
        Require(Beta1 is >= 0 and < 1, "training.beta_1 must be in [0, 1).");
        Require(Beta2 is >= 0 and < 1, "training.beta_2 must be in [0, 1).");
        Require(Epsilon is > 0 and < 1, "training.epsilon must be in (0, 1).");
        Require(BatchSize is >= 1 and <= 1 << 16, "training.batch_size must be between 1 and 65536.");
        Require(Epochs is >= 1 and <= 1_000_000, "training.epochs must be between 1 and 1000000.");
        Require(Threads is >= 1 and <= 1024, "determinism thread count must be between 1 and 1024.");
        Require(Enum.IsDefined(FeatureScaling), "features.feature_scaling must be none, standard, minmax or robust.");
        ArgumentNullException.ThrowIfNull(ReduceLr);
        ArgumentNullException.ThrowIfNull(EarlyStopping);
        ArgumentNullException.ThrowIfNull(Checkpoints);
        Require(ReduceLr.Factor is > 0 and < 1, "reduce_lr.factor must be in (0, 1).");
        Require(ReduceLr.Patience >= 0, "reduce_lr.patience must be >= 0.");
        Require(ReduceLr.MinLearningRate >= 0, "reduce_lr.min_lr must be >= 0.");
        Require(ReduceLr.MinDelta >= 0, "reduce_lr.min_delta must be >= 0.");
        Require(ReduceLr.Cooldown >= 0, "reduce_lr.cooldown must be >= 0.");
        Require(EarlyStopping.Patience >= 0, "early_stopping.patience must be >= 0.");
        Require(EarlyStopping.MinDelta >= 0, "early_stopping.min_delta must be >= 0.");
        return this;
    }

    /// <summary>
    /// Canonical JSON of every field that changes the trained weights (not <see cref="Threads"/>,
    /// which never does); its SHA-256 guards <c>--resume</c> against a changed configuration.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["hidden_layers"] = new JsonArray([.. HiddenLayers.Select(w => (JsonNode)w)]),
        ["dropout_rate"] = DropoutRate,
        ["l2_regularization"] = L2Regularization,
        ["use_batch_norm"] = UseBatchNorm,
        ["activation"] = Activation,
        ["output_scale"] = OutputScale,
        ["batch_norm_epsilon"] = BatchNormEpsilon,
        ["batch_norm_momentum"] = BatchNormMomentum,
        ["learning_rate"] = LearningRate,
        ["beta_1"] = Beta1,
        ["beta_2"] = Beta2,
        ["epsilon"] = Epsilon,
        ["batch_size"] = BatchSize,
        ["epochs"] = Epochs,
        ["reduce_lr"] = new JsonObject
        {
            ["enabled"] = ReduceLr.Enabled,
            ["factor"] = ReduceLr.Factor,
            ["patience"] = ReduceLr.Patience,
            ["min_lr"] = ReduceLr.MinLearningRate,
            ["min_delta"] = ReduceLr.MinDelta,
            ["cooldown"] = ReduceLr.Cooldown,
        },
        ["early_stopping"] = new JsonObject
        {
            ["enabled"] = EarlyStopping.Enabled,
            ["patience"] = EarlyStopping.Patience,
            ["min_delta"] = EarlyStopping.MinDelta,
            ["restore_best_weights"] = EarlyStopping.RestoreBestWeights,
        },
        ["feature_scaling"] = FeatureScaling.ToString().ToLowerInvariant(),
        ["seed"] = Seed,
    };

    /// <summary>SHA-256 (hex) of <see cref="ToJson"/> in canonical form.</summary>
    public string Digest() => CanonicalJson.Sha256Hex(ToJson());

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new BadInputException(message);
        }
    }
}
