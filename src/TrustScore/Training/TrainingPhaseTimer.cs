using System.Diagnostics;

namespace TrustScore.Training;

/// <summary>The parts of a training step the opt-in profile times (docs/benchmarks.md, "Training profile").</summary>
internal enum TrainingPhase
{
    /// <summary>Shuffle permutation, gathering and scaling the batch rows, copying labels.</summary>
    ShuffleGather,

    /// <summary>Dense forward products (all layers).</summary>
    ForwardGemm,

    /// <summary>BatchNorm training forward and the moving-statistics update.</summary>
    BatchNormForward,

    /// <summary>Dropout mask, then ReLU + dropout forward and backward (one fused pass each way).</summary>
    ReluDropout,

    /// <summary>Sigmoid head forward and backward, loss gradient, batch MSE/MAE.</summary>
    OutputHead,

    /// <summary>The reported L2 penalty λ·Σw² (double).</summary>
    L2Penalty,

    /// <summary>Kernel-gradient products (with the input transpose and the bias column sums).</summary>
    BackwardKernelGemm,

    /// <summary>Input-gradient products.</summary>
    BackwardInputGemm,

    /// <summary>BatchNorm backward.</summary>
    BatchNormBackward,

    /// <summary>Adam update (with the L2 gradient term).</summary>
    Adam,

    /// <summary>Refreshing the [H, D] kernel copies used by the input-gradient products.</summary>
    RefreshTransposed,

    /// <summary>The validation pass at the end of each epoch.</summary>
    Validation,

    /// <summary>End of epoch: checkpoints, best-weights snapshot, history and TensorBoard writes.</summary>
    EpochEnd,
}

/// <summary>
/// Opt-in per-phase wall-clock profile of the trainer, switched on by the environment variable
/// <c>TRUSTSCORE_TRAIN_PHASES=1</c> when the process starts. Off, <see cref="Enabled"/> is a
/// static read-only <c>false</c> the JIT folds away, so the timing calls cost nothing. Totals are
/// process-wide and read by the benchmark harness (docs/benchmarks.md); timing never touches a
/// training value.
/// </summary>
internal static class TrainingPhaseTimer
{
    /// <summary>The environment variable that switches the profile on.</summary>
    public const string Variable = "TRUSTSCORE_TRAIN_PHASES";

    private static readonly long[] Ticks = new long[Enum.GetValues<TrainingPhase>().Length];

    /// <summary>Whether phases are timed (fixed at start-up).</summary>
    public static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>A start mark (0 when the profile is off).</summary>
    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="phase"/> and returns a new start mark.</summary>
    public static long Stop(TrainingPhase phase, long start)
    {
        if (!Enabled)
        {
            return 0;
        }

        long now = Stopwatch.GetTimestamp();
        Ticks[(int)phase] += now - start;
        return now;
    }

    /// <summary>Seconds spent in each phase since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyList<(TrainingPhase Phase, double Seconds)> Totals() =>
        [.. Enum.GetValues<TrainingPhase>().Select(p => (p, (double)Ticks[(int)p] / Stopwatch.Frequency))];

    /// <summary>Clears the totals.</summary>
    public static void Reset() => Array.Clear(Ticks);
}
