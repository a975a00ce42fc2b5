using TrustScore.Errors;

namespace TrustScore.Training;

/// <summary>
/// The fixed tiny training run behind the hidden <c>trustscore train-probe</c> verb and the
/// pinned weights digest (docs/numerics-training.md, "Golden digest"): <see cref="ProbeDataset"/> with
/// width 768, the first 80% of rows for training and the rest for validation, the default
/// <see cref="TrainerOptions"/> architecture and hyper-parameters, <c>epochs</c> epochs.
/// </summary>
public static class TrainingProbe
{
    /// <summary>Feature width of the probe (the model's input width).</summary>
    public const int Width = 768;

    /// <summary>The options the probe trains with.</summary>
    public static TrainerOptions Options(int epochs, ulong seed, int threads) => new TrainerOptions
    {
        Epochs = epochs,
        Seed = seed,
        Threads = threads,
    }.Validate();

    /// <summary>
    /// Runs the probe into <paramref name="outputDir"/>. With <paramref name="stopAfterEpoch"/>
    /// the run is cancelled right after that epoch's checkpoint (simulating a killed process) and
    /// null is returned; <paramref name="resume"/> continues such a run.
    /// </summary>
    public static TrainingResult? Run(int samples, int epochs, ulong seed, int threads, string outputDir, int? stopAfterEpoch, bool resume, IProgress<EpochProgress>? progress, CancellationToken ct)
    {
        if (samples < 10)
        {
            throw new BadInputException("--samples must be at least 10.");
        }

        if (stopAfterEpoch is < 1)
        {
            throw new BadInputException("--stop-after-epoch must be at least 1.");
        }

        var options = Options(epochs, seed, threads);
        var all = ProbeDataset.Create(samples, Width, seed);
        int trainRows = samples * 4 / 5;
        var train = ProbeDataset.Slice(all, 0, trainRows);
        var validation = ProbeDataset.Slice(all, trainRows, samples - trainRows);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var report = new SynchronousProgress(p =>
        {
            progress?.Report(p);
            if (p.EpochCompleted && p.Epoch == stopAfterEpoch)
            {
                stop.Cancel();
            }
        });
        try
        {
            return Trainer.Train(train, validation, options, outputDir, report, stop.Token, resume);
        }
        catch (OperationCanceledException) when (stopAfterEpoch is not null && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed class SynchronousProgress(Action<EpochProgress> handler) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => handler(value);
    }
}
