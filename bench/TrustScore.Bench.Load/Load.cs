using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using TrustScore.Tests.Serving;

namespace TrustScore.Bench.Load;

/// <summary>
/// The closed-loop HTTP load: C keep-alive connections, each sending its next request when the
/// last one answered, until the time is up or <c>maxRequests</c> have been sent.
/// Protocols: <c>tf</c> (TF Serving rows), <c>v2</c> (Open Inference JSON <c>data</c>) and
/// <c>v2bin</c> (Open Inference binary tensor data in and out: the JSON header, then the rows as
/// little-endian FP32, <c>Inference-Header-Content-Length</c>; docs/serving.md).
/// </summary>
internal static class Load
{
    /// <summary>One closed-loop run; with <paramref name="server"/>, also the CPU time the server and this client spent.</summary>
    /// <param name="url">The server's base URL.</param>
    /// <param name="batch">Rows per request.</param>
    /// <param name="concurrency">Connections, each with one request in flight.</param>
    /// <param name="seconds">How long to run at most.</param>
    /// <param name="protocol">tf, v2 or v2bin.</param>
    /// <param name="maxRequests">How many requests to send at most.</param>
    /// <param name="server">The server process, whose CPU time is added to the client's (null: not measured).</param>
    public static async Task<LoadResult> Run(Uri url, int batch, int concurrency, double seconds, string protocol, long maxRequests = long.MaxValue, Process? server = null)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        byte[] request = Request(url, x, batch, protocol);
        var latencies = new List<long>[concurrency];
        long errors = 0;
        long sent = 0;
        var connections = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => RawHttpConnection.ConnectAsync(url))).ConfigureAwait(false);
        TimeSpan cpu0 = CpuTime(server);
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<long>(1 << 16);
            using RawHttpConnection connection = connections[w];
            while (Stopwatch.GetTimestamp() < end && Interlocked.Increment(ref sent) <= maxRequests)
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
        double cpu = server is null ? double.NaN : (CpuTime(server) - cpu0).TotalSeconds;
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult(Label(protocol), batch, concurrency, all.Length, errors, elapsed, LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.99), cpu);
    }

    /// <summary>CPU time so far of this process plus <paramref name="server"/> (zero when null).</summary>
    public static TimeSpan CpuTime(Process? server)
    {
        if (server is null)
        {
            return TimeSpan.Zero;
        }

        server.Refresh();
        using var self = Process.GetCurrentProcess();
        return server.TotalProcessorTime + self.TotalProcessorTime;
    }

    /// <summary>The prebuilt request bytes for one protocol.</summary>
    public static byte[] Request(Uri url, float[] x, int batch, string protocol) => protocol switch
    {
        "tf" => RawHttpConnection.PostRequest(url, "/v1/models/trust_score:predict", Encoding.UTF8.GetBytes(ServingVersions.TfBody(x, batch))),
        "v2" => RawHttpConnection.PostRequest(url, "/v2/models/trust_score/infer", Encoding.UTF8.GetBytes(ServingVersions.V2Body(x, batch))),
        "v2bin" => BinaryRequest(url, x, batch),
        _ => throw new ArgumentException($"--protocol is '{protocol}'; expected tf, v2, v2bin or grpc"),
    };

    /// <summary>An Open Inference binary-tensor body: JSON header, then the rows' little-endian bytes; all outputs asked for in binary.</summary>
    public static byte[] BinaryBody(float[] x, int batch, out int headerLength)
    {
        byte[] header = Encoding.UTF8.GetBytes($"{{\"inputs\":[{{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[{batch},768],\"parameters\":{{\"binary_data_size\":{x.Length * 4}}}}}],\"parameters\":{{\"binary_data_output\":true}}}}");
        var body = new byte[header.Length + (x.Length * 4)];
        header.CopyTo(body, 0);
        for (int i = 0; i < x.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length + (4 * i)), x[i]);
        }

        headerLength = header.Length;
        return body;
    }

    private static byte[] BinaryRequest(Uri url, float[] x, int batch)
    {
        byte[] body = BinaryBody(x, batch, out int headerLength);
        return RawHttpConnection.PostRequest(url, "/v2/models/trust_score/infer", body, "application/octet-stream", $"Inference-Header-Content-Length: {headerLength}\r\n");
    }

    private static string Label(string protocol) => protocol switch
    {
        "v2" => "HTTP OIP v2 infer (JSON)",
        "v2bin" => "HTTP OIP v2 infer (binary tensors)",
        _ => "HTTP TF predict",
    };
}
