using System.Diagnostics;
using TrustScore.Consensus.Scoring;
using TrustScore.Tests.Serving;

namespace TrustScore.Bench.Load;

/// <summary>The scorer's own limit: the same rows scored in-process, one call per "request", no HTTP or JSON.</summary>
internal static class InProcess
{
    public static LoadResult Run(Scorer scorer, int batch, int threads, double seconds)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        var latencies = new List<long>[threads];
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var mine = latencies[t] = new List<long>(1 << 16);
            var y = new float[batch];
            while (Stopwatch.GetTimestamp() < end)
            {
                long t0 = Stopwatch.GetTimestamp();
                scorer.Score(x, batch, y);
                mine.Add(Stopwatch.GetTimestamp() - t0);
            }
        });
        double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult("in-process Scorer.Score", batch, threads, all.Length, 0, elapsed, LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.99));
    }
}
