using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using TrustScore.Consensus.Scoring;

namespace TrustScore.Bench;

/// <summary>
/// The interleaved spot check of docs/benchmarks.md: ours and ONNX Runtime alternate call by call
/// on the same rows in one process, and the best (minimum) time of each is kept — on a shared
/// machine the minimum is the figure least disturbed by other processes, and interleaving exposes
/// both engines to the same load. Run:
/// dotnet bench/TrustScore.Bench/bin/Release/net10.0/linux-x64/TrustScore.Bench.dll spot [batches] [threads] [seconds]
/// e.g. `spot 1,64,1024 1,2 4` (the defaults).
/// </summary>
internal static class InferenceSpotCheck
{
    public static void Run(string[] args)
    {
        int[] batches = args.Length > 0 ? ParseList(args[0]) : [1, 64, 1024];
        int[] threadCounts = args.Length > 1 ? ParseList(args[1]) : [1, 2];
        double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var scorer = Scorer.Load(InferenceModel.Bytes);
        double flopsPerRow = 2.0 * InferenceModel.MultiplyAddsPerRow;
        Console.WriteLine($"kernel path {TrustScore.Consensus.Layers.Dense.KernelPath}; /proc/loadavg before: {LoadAverage()}");
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
                    bestOrt = Math.Min(bestOrt, Time(Ort, inner));
                    bestOurs = Math.Min(bestOurs, Time(Ours, inner));
                    rounds++;
                }

                string ratio = batch == 1
                    ? $"{bestOurs / bestOrt:F2}x the latency"
                    : $"{bestOrt / bestOurs:F2}x the throughput";
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"threads {threads} batch {batch,5}: ORT {bestOrt,10:F1} us ({flopsPerRow * batch / bestOrt / 1e3,5:F0} GFLOP/s) | TrustScore {bestOurs,10:F1} us ({flopsPerRow * batch / bestOurs / 1e3,5:F0} GFLOP/s) | {ratio}  [{rounds} rounds]"));
            }
        }

        Console.WriteLine($"/proc/loadavg after: {LoadAverage()}");
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
