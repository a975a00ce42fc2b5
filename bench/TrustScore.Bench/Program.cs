using BenchmarkDotNet.Running;
using TrustScore.Bench;

// Entry point for all benchmarks: `dotnet run -c Release --project bench/TrustScore.Bench -- --filter '*'`;
// `spot` runs the interleaved inference spot check instead (InferenceSpotCheck).
// Results and the exact commands live in docs/benchmarks.md.
if (args.Length > 0 && args[0] == "spot")
{
    InferenceSpotCheck.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
