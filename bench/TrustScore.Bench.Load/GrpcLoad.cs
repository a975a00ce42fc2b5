using System.Diagnostics;
using Grpc.Net.Client;
using TrustScore.Serving.Grpc.V1;
using TrustScore.Tests.Serving;

namespace TrustScore.Bench.Load;

/// <summary>
/// The closed-loop gRPC load, as the VirtEngine node calls its sidecar: C calls in flight, each
/// worker sending its next <c>ComputeScore</c> (one 768-feature row) when the last one answered,
/// over HTTP/2 without TLS from a client generated from the same .proto.
/// </summary>
internal static class GrpcLoad
{
    public static async Task<LoadResult> Run(Uri url, int concurrency, double seconds)
    {
        float[] x = ServingVersions.RandomRows(1, seed: 101);
        var request = new ComputeScoreRequest();
        request.Features.AddRange(x);
        using var channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var client = new InferenceService.InferenceServiceClient(channel);
        await client.ComputeScoreAsync(request); // connect before the clock starts
        var latencies = new List<long>[concurrency];
        long errors = 0;
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<long>(1 << 16);
            while (Stopwatch.GetTimestamp() < end)
            {
                long t0 = Stopwatch.GetTimestamp();
                try
                {
                    await client.ComputeScoreAsync(request);
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetTimestamp() - t0);
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult("gRPC ComputeScore (h2c)", 1, concurrency, all.Length, errors, elapsed, LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.99));
    }
}
