namespace TrustScore.Serving;

/// <summary>Scoring totals since start, as the gRPC <c>GetMetrics</c> reports them (<see cref="ServingMetrics.Summarize"/>).</summary>
/// <param name="Total">Scoring requests answered.</param>
/// <param name="Succeeded">Of those, answered with scores.</param>
/// <param name="Failed">Of those, refused or failed.</param>
/// <param name="MeanLatencyMs">Mean time per request, milliseconds.</param>
/// <param name="P99LatencyMs">Upper bound of the latency bucket holding the 99th percentile, milliseconds.</param>
/// <param name="Histogram">Cumulative request counts by bucket upper bound in seconds ("+Inf" last).</param>
public sealed record ScoringSummary(long Total, long Succeeded, long Failed, double MeanLatencyMs, double P99LatencyMs, IReadOnlyDictionary<string, long> Histogram);
