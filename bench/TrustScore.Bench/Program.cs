using BenchmarkDotNet.Running;

// Entry point for all benchmarks: `dotnet run -c Release --project bench/TrustScore.Bench -- --filter '*'`.
// Results and the exact commands live in docs/benchmarks.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
