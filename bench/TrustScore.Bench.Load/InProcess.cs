using System.Buffers;
using System.Diagnostics;
using System.Text;
using TrustScore.Consensus.Scoring;
using TrustScore.Serving;
using TrustScore.Tests.Serving;

namespace TrustScore.Bench.Load;

/// <summary>
/// The limits without HTTP: the scorer alone (one call per "request"), and the service's own
/// request parser + schema validation + scorer on the same JSON body, so the protocol overhead
/// is visible layer by layer.
/// </summary>
internal static class InProcess
{
    public static LoadResult Run(Scorer scorer, int batch, int threads, double seconds)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        return Measure("in-process Scorer.Score", batch, threads, seconds, () =>
        {
            var y = new float[batch];
            return () => scorer.Score(x, batch, y);
        });
    }

    public static LoadResult RunParsed(Scorer scorer, int batch, double seconds)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        byte[] body = Encoding.UTF8.GetBytes(ServingVersions.TfBody(x, batch));
        return Measure("in-process parse JSON + validate + score (TF body)", batch, 1, seconds, () =>
        {
            var y = new float[batch];
            return () =>
            {
                ScoringRequest request = TfPredictParser.Parse(body, 65536);
                scorer.Score(request.Features.AsSpan(0, request.Rows * x.Length / batch), request.Rows, y);
                ArrayPool<float>.Shared.Return(request.Features);
            };
        });
    }

    /// <summary>The Open Inference parser (JSON <c>data</c>, or binary tensor data) + validation + scorer, without HTTP.</summary>
    public static LoadResult RunV2Parsed(Scorer scorer, int batch, double seconds, bool binary)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        int headerLength = 0;
        byte[] body = binary ? Load.BinaryBody(x, batch, out headerLength) : Encoding.UTF8.GetBytes(ServingVersions.V2Body(x, batch));
        long? header = binary ? headerLength : null;
        string label = binary ? "in-process parse OIP binary tensors + validate + score" : "in-process parse OIP JSON + validate + score";
        return Measure(label, batch, 1, seconds, () =>
        {
            var y = new float[batch];
            return () =>
            {
                ScoringRequest request = V2InferParser.Parse(body, header, 65536);
                scorer.Score(request.Features.AsSpan(0, request.Rows * x.Length / batch), request.Rows, y);
                ArrayPool<float>.Shared.Return(request.Features);
            };
        });
    }

    /// <summary>The Open Inference JSON parser + validation alone (no scoring): the cost of the text.</summary>
    public static LoadResult RunV2ParseOnly(int batch, double seconds)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        byte[] body = Encoding.UTF8.GetBytes(ServingVersions.V2Body(x, batch));
        return Measure("in-process parse OIP JSON + validate (no scoring)", batch, 1, seconds, () => () =>
        {
            ScoringRequest request = V2InferParser.Parse(body, 65536);
            ArrayPool<float>.Shared.Return(request.Features);
        });
    }

    private static LoadResult Measure(string label, int batch, int threads, double seconds, Func<Action> makeWork)
    {
        var latencies = new List<long>[threads];
        TimeSpan cpu0 = ProcessCpu();
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(seconds * Stopwatch.Frequency);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var mine = latencies[t] = new List<long>(1 << 16);
            Action work = makeWork();
            while (Stopwatch.GetTimestamp() < end)
            {
                long t0 = Stopwatch.GetTimestamp();
                work();
                mine.Add(Stopwatch.GetTimestamp() - t0);
            }
        });
        double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        double cpu = (ProcessCpu() - cpu0).TotalSeconds;
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult(label, batch, threads, all.Length, 0, elapsed, LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.99), cpu);
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
