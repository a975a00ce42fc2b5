using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace TrustScore.Serving;

/// <summary>
/// Counters behind <c>GET /metrics</c> (issue 11 item 2), rendered in the Prometheus text
/// exposition format 0.0.4: requests and errors by endpoint and status, a latency histogram per
/// endpoint, rows scored, the active version as a labelled gauge, swaps and refused swaps.
/// Lock-free on the request path (interlocked increments).
/// </summary>
public sealed class ServingMetrics
{
    /// <summary>Upper bounds (seconds) of the latency histogram buckets; +Inf is implied.</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private static readonly ServingEndpoint[] Endpoints = Enum.GetValues<ServingEndpoint>();

    private readonly ConcurrentDictionary<(ServingEndpoint Endpoint, int Status), Counter> requests = new();
    private readonly long[][] bucketCounts;
    private readonly long[] latencyCount;
    private readonly long[] latencySumTicks;
    private long rowsScored;
    private long swaps;
    private long refusedSwaps;
    private long inFlight;
    private long lastScoredTicks;
    private volatile ServedModel? active;

    /// <summary>Empty counters.</summary>
    public ServingMetrics()
    {
        bucketCounts = new long[Endpoints.Length][];
        for (int i = 0; i < Endpoints.Length; i++)
        {
            bucketCounts[i] = new long[LatencyBuckets.Count + 1];
        }

        latencyCount = new long[Endpoints.Length];
        latencySumTicks = new long[Endpoints.Length];
    }

    /// <summary>Successful swaps since start.</summary>
    public long Swaps => Interlocked.Read(ref swaps);

    /// <summary>Targets refused since start (failed verification or load).</summary>
    public long RefusedSwaps => Interlocked.Read(ref refusedSwaps);

    /// <summary>Rows scored since start.</summary>
    public long RowsScored => Interlocked.Read(ref rowsScored);

    /// <summary>Requests being handled right now.</summary>
    public long InFlight => Interlocked.Read(ref inFlight);

    /// <summary>Counts a request that has started (paired with <see cref="RecordRequest"/>).</summary>
    public void StartRequest() => Interlocked.Increment(ref inFlight);

    /// <summary>Records one finished request.</summary>
    public void RecordRequest(ServingEndpoint endpoint, int status, TimeSpan elapsed)
    {
        Interlocked.Decrement(ref inFlight);
        requests.GetOrAdd((endpoint, status), static _ => new Counter()).Increment();
        int e = (int)endpoint;
        double seconds = elapsed.TotalSeconds;
        int bucket = 0;
        while (bucket < LatencyBuckets.Count && seconds > LatencyBuckets[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref bucketCounts[e][bucket]);
        Interlocked.Increment(ref latencyCount[e]);
        Interlocked.Add(ref latencySumTicks[e], elapsed.Ticks);
    }

    /// <summary>Counts rows scored and remembers when (for the gRPC health check).</summary>
    public void AddRows(int rows, DateTimeOffset at)
    {
        Interlocked.Add(ref rowsScored, rows);
        Interlocked.Exchange(ref lastScoredTicks, at.UtcTicks);
    }

    /// <summary>When rows were last scored, or null before the first.</summary>
    public DateTimeOffset? LastScoredAt
    {
        get
        {
            long ticks = Interlocked.Read(ref lastScoredTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Totals over the scoring endpoints (<paramref name="endpoints"/>) for the gRPC
    /// <c>GetMetrics</c>: requests, successes (200), mean latency, the p99 as the upper bound of
    /// the histogram bucket holding it, and the cumulative bucket counts keyed by bound in seconds.
    /// </summary>
    public ScoringSummary Summarize(IReadOnlyCollection<ServingEndpoint> endpoints)
    {
        long total = 0;
        long ok = 0;
        foreach (var (key, counter) in requests.ToArray())
        {
            if (endpoints.Contains(key.Endpoint))
            {
                total += counter.Value;
                ok += key.Status == 200 ? counter.Value : 0;
            }
        }

        long count = 0;
        long sumTicks = 0;
        var buckets = new long[LatencyBuckets.Count + 1];
        foreach (ServingEndpoint endpoint in endpoints)
        {
            int e = (int)endpoint;
            count += Interlocked.Read(ref latencyCount[e]);
            sumTicks += Interlocked.Read(ref latencySumTicks[e]);
            for (int b = 0; b < buckets.Length; b++)
            {
                buckets[b] += Interlocked.Read(ref bucketCounts[e][b]);
            }
        }

        var histogram = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long cumulative = 0;
        double p99 = 0;
        for (int b = 0; b < buckets.Length; b++)
        {
            cumulative += buckets[b];
            string bound = b < LatencyBuckets.Count ? LatencyBuckets[b].ToString(CultureInfo.InvariantCulture) : "+Inf";
            histogram[bound] = cumulative;
            if (p99 == 0 && count > 0 && cumulative >= Math.Ceiling(count * 0.99))
            {
                p99 = b < LatencyBuckets.Count ? LatencyBuckets[b] : double.PositiveInfinity;
            }
        }

        double meanMs = count == 0 ? 0 : TimeSpan.FromTicks(sumTicks).TotalMilliseconds / count;
        return new ScoringSummary(total, ok, total - ok, meanMs, p99 * 1000, histogram);
    }

    /// <summary>Sets the model the gauge reports.</summary>
    public void SetActive(ServedModel model) => active = model;

    /// <summary>Counts a successful swap.</summary>
    public void CountSwap() => Interlocked.Increment(ref swaps);

    /// <summary>Counts a refused swap.</summary>
    public void CountRefusedSwap() => Interlocked.Increment(ref refusedSwaps);

    /// <summary>Requests answered with <paramref name="status"/> on <paramref name="endpoint"/> so far.</summary>
    public long Requests(ServingEndpoint endpoint, int status) =>
        requests.TryGetValue((endpoint, status), out Counter? c) ? c.Value : 0;

    /// <summary>The Prometheus text exposition (version 0.0.4).</summary>
    public string Render()
    {
        var text = new StringBuilder();
        var snapshot = requests.ToArray().OrderBy(p => p.Key.Endpoint).ThenBy(p => p.Key.Status).ToArray();

        Header(text, "trustscore_requests_total", "counter", "HTTP requests answered, by endpoint and status code.");
        foreach (var (key, counter) in snapshot)
        {
            Line(text, "trustscore_requests_total", $"endpoint=\"{Name(key.Endpoint)}\",code=\"{key.Status}\"", counter.Value);
        }

        Header(text, "trustscore_request_errors_total", "counter", "Requests answered with a 4xx or 5xx status, by endpoint.");
        foreach (var group in snapshot.Where(p => p.Key.Status >= 400).GroupBy(p => p.Key.Endpoint))
        {
            Line(text, "trustscore_request_errors_total", $"endpoint=\"{Name(group.Key)}\"", group.Sum(p => p.Value.Value));
        }

        Header(text, "trustscore_request_duration_seconds", "histogram", "Time from request start to response written, by endpoint.");
        foreach (ServingEndpoint endpoint in Endpoints)
        {
            int e = (int)endpoint;
            long count = Interlocked.Read(ref latencyCount[e]);
            if (count == 0)
            {
                continue;
            }

            string label = $"endpoint=\"{Name(endpoint)}\"";
            long cumulative = 0;
            for (int b = 0; b < LatencyBuckets.Count; b++)
            {
                cumulative += Interlocked.Read(ref bucketCounts[e][b]);
                Line(text, "trustscore_request_duration_seconds_bucket", $"{label},le=\"{LatencyBuckets[b].ToString(CultureInfo.InvariantCulture)}\"", cumulative);
            }

            cumulative += Interlocked.Read(ref bucketCounts[e][LatencyBuckets.Count]);
            Line(text, "trustscore_request_duration_seconds_bucket", $"{label},le=\"+Inf\"", cumulative);
            text.Append("trustscore_request_duration_seconds_sum{").Append(label).Append("} ")
                .Append(TimeSpan.FromTicks(Interlocked.Read(ref latencySumTicks[e])).TotalSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            Line(text, "trustscore_request_duration_seconds_count", label, count);
        }

        Header(text, "trustscore_requests_in_flight", "gauge", "Requests being handled now (including this one).");
        Line(text, "trustscore_requests_in_flight", null, InFlight);

        Header(text, "trustscore_rows_scored_total", "counter", "Feature rows scored.");
        Line(text, "trustscore_rows_scored_total", null, RowsScored);

        Header(text, "trustscore_active_model", "gauge", "1 for the model being served, labelled with its version and root digest.");
        if (active is { } model)
        {
            Line(text, "trustscore_active_model", $"version=\"{Escape(model.Version)}\",root_digest=\"{model.RootDigest}\"", 1);
        }

        Header(text, "trustscore_model_swaps_total", "counter", "Verified models swapped in after the active pointer changed.");
        Line(text, "trustscore_model_swaps_total", null, Swaps);
        Header(text, "trustscore_model_swaps_refused_total", "counter", "Pointer targets refused because they failed verification or loading; the old model kept serving.");
        Line(text, "trustscore_model_swaps_refused_total", null, RefusedSwaps);
        return text.ToString();
    }

    /// <summary>The label value of <paramref name="endpoint"/>.</summary>
    public static string Name(ServingEndpoint endpoint) => endpoint switch
    {
        ServingEndpoint.TfPredict => "tf_predict",
        ServingEndpoint.TfStatus => "tf_status",
        ServingEndpoint.TfMetadata => "tf_metadata",
        ServingEndpoint.V2Live => "v2_health_live",
        ServingEndpoint.V2Ready => "v2_health_ready",
        ServingEndpoint.V2Server => "v2_server_metadata",
        ServingEndpoint.V2Model => "v2_model_metadata",
        ServingEndpoint.V2ModelReady => "v2_model_ready",
        ServingEndpoint.V2Infer => "v2_infer",
        ServingEndpoint.Metrics => "metrics",
        ServingEndpoint.SidecarHealth => "sidecar_health",
        ServingEndpoint.GrpcGetModelInfo => "grpc_get_model_info",
        ServingEndpoint.GrpcComputeScore => "grpc_compute_score",
        ServingEndpoint.GrpcHealthCheck => "grpc_health_check",
        ServingEndpoint.GrpcGetMetrics => "grpc_get_metrics",
        ServingEndpoint.GrpcVerifyDeterminism => "grpc_verify_determinism",
        _ => "unknown",
    };

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string name, string? labels, long value)
    {
        text.Append(name);
        if (labels is not null)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Counter
    {
        private long value;

        public long Value => Interlocked.Read(ref value);

        public void Increment() => Interlocked.Increment(ref value);
    }
}
