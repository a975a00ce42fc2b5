using System.Diagnostics;
using System.Text;
using TrustScore.Tests.Serving;

namespace TrustScore.Bench.Load;

/// <summary>The closed-loop HTTP load: C keep-alive connections, each sending its next request when the last one answered.</summary>
internal static class Load
{
    public static async Task<LoadResult> Run(Uri url, int batch, int concurrency, double seconds, string protocol)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        byte[] body = Encoding.UTF8.GetBytes(protocol == "v2" ? ServingVersions.V2Body(x, batch) : ServingVersions.TfBody(x, batch));
        string path = protocol == "v2" ? "/v2/models/trust_score/infer" : "/v1/models/trust_score:predict";
        byte[] request = RawHttpConnection.PostRequest(url, path, body);
        var latencies = new List<long>[concurrency];
        long errors = 0;
        var connections = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => RawHttpConnection.ConnectAsync(url))).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<long>(1 << 16);
            using RawHttpConnection connection = connections[w];
            while (Stopwatch.GetTimestamp() < end)
            {
                long t0 = Stopwatch.GetTimestamp();
                int status = await connection.SendAsync(request).ConfigureAwait(false);
                mine.Add(Stopwatch.GetTimestamp() - t0);
                if (status != 200)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult($"HTTP {(protocol == "v2" ? "OIP v2 infer" : "TF predict")}", batch, concurrency, all.Length, errors, elapsed, LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.99));
    }
}
