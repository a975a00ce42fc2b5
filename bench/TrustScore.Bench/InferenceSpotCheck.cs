using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using TrustScore.Consensus.Scoring;

namespace TrustScore.Bench;

/// <summary>
/// The interleaved spot check of docs/benchmarks.md: ours and ONNX Runtime take turns on the same
/// rows in one process, and the best (minimum) time of each is kept — on a shared machine the
/// minimum is the figure least disturbed by other processes, and taking turns exposes both
/// engines to the same load. Turns are blocks of <see cref="BlockSeconds"/>, and calls in the first
/// <see cref="SettleSeconds"/> of a block are not timed: after a call, each engine's idle worker
/// threads keep spinning on a core for a while (ONNX Runtime's intra-op pool by design, .NET's
/// thread pool briefly), which made the other engine's next two-thread call take up to 18% longer when the
/// two alternated call by call (`calls` mode keeps that method for comparison). Run:
/// dotnet bench/TrustScore.Bench/bin/Release/net10.0/linux-x64/TrustScore.Bench.dll spot [batches] [threads] [seconds] [blocks|calls]
/// e.g. `spot 1,64,1024 1,2 4` (the defaults, in blocks).
/// </summary>
internal static class InferenceSpotCheck
{
    private const double BlockSeconds = 0.4;
    private const double SettleSeconds = 0.1;

    public static void Run(string[] args)
    {
        int[] batches = args.Length > 0 ? ParseList(args[0]) : [1, 64, 1024];
        int[] threadCounts = args.Length > 1 ? ParseList(args[1]) : [1, 2];
        double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        bool callByCall = args.Length > 3 && args[3] == "calls";
        var scorer = Scorer.Load(InferenceModel.Bytes);
        double flopsPerRow = 2.0 * InferenceModel.MultiplyAddsPerRow;
        Console.WriteLine($"kernel path {TrustScore.Consensus.Layers.Dense.KernelPath}; turns: {(callByCall ? "call by call" : $"blocks of {BlockSeconds} s, first {SettleSeconds} s untimed")}; /proc/loadavg before: {LoadAverage()}");
        foreach (int threads in threadCounts)
        {
            foreach (int batch in batches)
            {
                float[] x = InferenceModel.Rows(batch);
                var ours = new float[batch];
                var theirs = new float[batch];
                using var options = new SessionOptions
                {
                    IntraOpNumThreads = threads,
                    InterOpNumThreads = 1,
                    ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                    GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                };
                using var session = new InferenceSession(InferenceModel.Bytes, options);
                using var runOptions = new RunOptions();
                using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, 768]);
                using var output = OrtValue.CreateTensorValueFromMemory(theirs, [batch, 1]);
                string[] inputNames = ["features"];
                string[] outputNames = ["trust_score"];
                void Ort() => session.Run(runOptions, inputNames, [input], outputNames, [output]);
                void Ours() => scorer.Score(x, batch, ours, threads);

                // Batch 1 is timed over 20 calls so the clock's resolution does not matter.
                int inner = batch == 1 ? 20 : 1;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < 1.0)
                {
                    Ort();
                    Ours();
                }

                double bestOrt = double.MaxValue, bestOurs = double.MaxValue;
                int rounds = 0;
                clock.Restart();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    if (callByCall)
                    {
                        bestOrt = Math.Min(bestOrt, Time(Ort, inner));
                        bestOurs = Math.Min(bestOurs, Time(Ours, inner));
                    }
                    else
                    {
                        bestOrt = Math.Min(bestOrt, BestInBlock(Ort, inner));
                        bestOurs = Math.Min(bestOurs, BestInBlock(Ours, inner));
                    }

                    rounds++;
                }

                string ratio = batch == 1
                    ? $"{bestOurs / bestOrt:F2}x the latency"
                    : $"{bestOrt / bestOurs:F2}x the throughput";
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"threads {threads} batch {batch,5}: ORT {bestOrt,10:F1} us ({flopsPerRow * batch / bestOrt / 1e3,5:F0} GFLOP/s) | TrustScore {bestOurs,10:F1} us ({flopsPerRow * batch / bestOurs / 1e3,5:F0} GFLOP/s) | {ratio}  [{rounds} turns each]"));
            }
        }

        Console.WriteLine($"/proc/loadavg after: {LoadAverage()}");
    }

    /// <summary>Calls repeatedly for one block; the best time after the settling part.</summary>
    private static double BestInBlock(Action call, int inner)
    {
        double best = double.MaxValue;
        var block = Stopwatch.StartNew();
        while (block.Elapsed.TotalSeconds < BlockSeconds)
        {
            double t = Time(call, inner);
            if (block.Elapsed.TotalSeconds >= SettleSeconds)
            {
                best = Math.Min(best, t);
            }
        }

        return best;
    }

    private static double Time(Action call, int inner)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < inner; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(t0).TotalMicroseconds / inner;
    }

    private static int[] ParseList(string text) => text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
