using System.Diagnostics;
using System.Globalization;
using TrustScore.Training;

namespace TrustScore.Bench.Torch;

/// <summary>
/// Stopwatch harness: our deterministic trainer and the TorchSharp (libtorch CPU) peer train
/// the identical architecture (768 → 512 → 256 → 128 → 64 → 1, BatchNorm ε 1e-3 momentum 0.99,
/// ReLU, dropout 0.3, sigmoid × 100, MSE + 0.01·Σw² on hidden kernels, Adam 1e-3/0.9/0.999/1e-7,
/// batch 64) on the identical data (<see cref="ProbeDataset"/>), in one process, one after the
/// other. Throughput = training rows / wall time of an epoch (training steps plus one
/// validation pass over 10% extra rows), median over the measured epochs after one warm-up epoch.
/// </summary>
internal static class Harness
{
    public static int Run(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "throughput";
        int threads = IntOption(args, "--threads", 1);
        int samples = IntOption(args, "--samples", mode == "memory" ? 1_000_000 : 20_000);
        int epochs = IntOption(args, "--epochs", 3);
        switch (mode)
        {
            case "throughput":
                Throughput(threads, samples, epochs, args.Contains("--ours-only"), IntOption(args, "--rounds", 1));
                return 0;
            case "memory":
                Memory(threads, samples);
                return 0;
            case "default20k":
                Default20k(threads);
                return 0;
            default:
                Console.Error.WriteLine("usage: throughput|memory|default20k [--threads T] [--samples N] [--epochs E] [--rounds R] [--ours-only]");
                return 2;
        }
    }

    private static void Throughput(int threads, int samples, int epochs, bool oursOnly, int rounds)
    {
        int validationRows = samples / 10;
        var all = ProbeDataset.Create(samples + validationRows, 768, 42);
        var train = ProbeDataset.Slice(all, 0, samples);
        var validation = ProbeDataset.Slice(all, samples, validationRows);
        Console.WriteLine($"data: {samples} train rows, {validationRows} validation rows, width 768, batch 64, threads {threads}, epochs {epochs} (+1 warm-up), rounds {rounds} (ours then peer, interleaved)");

        // Each round trains ours, then the peer, in the same process; the decision figure is the
        // best (minimum-time) measured epoch of each engine over all rounds, beside the medians.
        var oursRates = new List<double>();
        var peerRates = new List<double>();
        double oursCpu = 0, peerCpu = 0;
        long rowsPerRun = (long)(epochs + 1) * samples;
        for (int round = 0; round < rounds; round++)
        {
            string dir = Path.Combine(Path.GetTempPath(), $"trustscore-bench-{Guid.NewGuid():N}");
            var options = new TrainerOptions { Epochs = epochs + 1, Threads = threads, EarlyStopping = new() { Enabled = false }, ReduceLr = new() { Enabled = false } };
            // The phase profile (TRUSTSCORE_TRAIN_PHASES=1) covers the measured epochs only: reset after the warm-up.
            var resetAfterWarmUp = new StopAt(p => { if (p.EpochCompleted && p.Epoch == 1) { TrainingPhaseTimer.Reset(); } return false; }, new CancellationTokenSource());
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = Trainer.Train(train, validation, options, dir, resetAfterWarmUp, CancellationToken.None);
            oursCpu += (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Directory.Delete(dir, recursive: true);
            var rates = result.History.Skip(1).Select(e => samples / e.TimeSeconds).ToList();
            oursRates.AddRange(rates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1} trustscore: median {Median(rates):0}, best {rates.Max():0} samples/s (epochs: {string.Join(", ", result.History.Select(e => $"{e.TimeSeconds:0.00}s"))})"));
            if (TrainingPhaseTimer.Enabled)
            {
                PrintPhases(epochs, samples);
            }

            if (!oursOnly)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                peerRates.AddRange(TorchPeer.Run(train, validation, threads, epochs + 1));
                peerCpu += (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            }
        }

        // Training rows per CPU-second over whole runs (warm-up and validation included): less
        // sensitive than wall time to other processes on shared cores.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trustscore: best {oursRates.Max():0} samples/s, median {Median(oursRates):0} over {oursRates.Count} epochs; {rowsPerRun * rounds / oursCpu:0} samples per CPU-second"));
        if (!oursOnly)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"torchsharp: best {peerRates.Max():0} samples/s, median {Median(peerRates):0} over {peerRates.Count} epochs; {rowsPerRun * rounds / peerCpu:0} samples per CPU-second"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio trustscore/torchsharp at {threads} thread(s): best {oursRates.Max() / peerRates.Max():0.00}x, median {Median(oursRates) / Median(peerRates):0.00}x, per CPU-second {peerCpu / oursCpu:0.00}x"));
        }
    }

    /// <summary>The phase profile of the measured epochs, per epoch and as a share of the total.</summary>
    private static void PrintPhases(int epochs, int samples)
    {
        var totals = TrainingPhaseTimer.Totals();
        double sum = totals.Sum(t => t.Seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phase profile, {epochs} measured epochs ({sum / epochs * 1000:0} ms per epoch timed, {samples / (sum / epochs):0} samples/s):"));
        foreach (var (phase, seconds) in totals)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-20} {seconds / epochs * 1000,9:0.0} ms/epoch {100 * seconds / sum,6:0.0}%"));
        }
    }

    private static void Memory(int threads, int samples)
    {
        var clock = Stopwatch.StartNew();
        var all = ProbeDataset.Create(samples, 768, 42);
        var validation = ProbeDataset.Create(samples / 100, 768, 43);
        long raw = all.FeatureBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {samples} rows ({raw / 1048576.0:0} MiB of features) in {clock.Elapsed.TotalSeconds:0.0}s"));
        string dir = Path.Combine(Path.GetTempPath(), $"trustscore-bench-{Guid.NewGuid():N}");
        clock.Restart();
        var options = new TrainerOptions { Epochs = 1, Threads = threads };
        // Memory peaks once the scaler is fitted and the buffers exist; stop after 5% of the epoch
        // unless --full-epoch is given (a whole epoch of 1M rows takes minutes on 2 cores).
        using var stop = new CancellationTokenSource();
        var progress = new StopAt(p => p.Step * 20 >= p.Steps && !FullEpoch, stop);
        int stepsDone = 0;
        try
        {
            var result = Trainer.Train(all, validation, options, dir, new StopAt(p => { stepsDone = p.Step; return false; }, stop).Then(progress), stop.Token);
            stepsDone = (samples + 63) / 64;
        }
        catch (OperationCanceledException)
        {
        }

        Directory.Delete(dir, recursive: true);
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stepsDone} steps of batch 64 over {samples} rows in {seconds:0.0}s (incl. fitting the standard scaler: {stepsDone * 64 / seconds:0} samples/s lower bound); peak working set {peak / 1048576.0:0} MiB = {(double)peak / raw:0.000} x raw feature bytes ({raw / 1048576.0:0} MiB; train + 1% validation generated in-process)"));
    }

    private static void Default20k(int threads)
    {
        var all = ProbeDataset.Create(20_000, 768, 42);
        var train = ProbeDataset.Slice(all, 0, 16_000);
        var validation = ProbeDataset.Slice(all, 16_000, 2_000);
        string dir = Path.Combine(Path.GetTempPath(), $"trustscore-bench-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        var result = Trainer.Train(train, validation, new TrainerOptions { Threads = threads }, dir, null, CancellationToken.None);
        Directory.Delete(dir, recursive: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"default 20k run (16,000 train / 2,000 validation, default options, {threads} thread(s)): {clock.Elapsed.TotalSeconds:0.0}s, {result.History.Count} epochs, stopped early at {result.StoppedEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-"}, best val_loss {result.History.Min(e => e.ValLoss):0.000}"));
    }

    private static bool FullEpoch => Environment.GetCommandLineArgs().Contains("--full-epoch");

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
