using TrustScore.Bench.Torch;

// Training benchmark harness (docs/benchmarks.md, "Training"). Not a test; run by hand:
//   dotnet run -c Release --project bench/TrustScore.Bench.Torch -- throughput --threads 1
//   dotnet run -c Release --project bench/TrustScore.Bench.Torch -- memory --samples 1000000
//   dotnet run -c Release --project bench/TrustScore.Bench.Torch -- default20k --threads 2
return Harness.Run(args);
