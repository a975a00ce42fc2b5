namespace TrustScore.Bench.Load;

/// <summary>What one load run measured.</summary>
/// <param name="Label">What was measured.</param>
/// <param name="Batch">Rows per request.</param>
/// <param name="Concurrency">Requests in flight (connections, or scorer threads in-process).</param>
/// <param name="Requests">Requests completed in the measured window.</param>
/// <param name="Errors">Requests that did not return 200.</param>
/// <param name="Seconds">Length of the measured window.</param>
/// <param name="P50Ms">Median latency, milliseconds.</param>
/// <param name="P99Ms">99th-percentile latency, milliseconds.</param>
/// <param name="CpuSeconds">CPU time spent meanwhile by the measured processes (server and load client, or the in-process bench), seconds; NaN when not measured.</param>
internal sealed record LoadResult(string Label, int Batch, int Concurrency, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms, double CpuSeconds = double.NaN)
{
    /// <summary>
    /// Rows per CPU-second of the measured processes: on a shared machine the wall-clock rates
    /// depend on how much of the cores the run got; this does much less (cache effects aside).
    /// </summary>
    public double RowsPerCpuSecond => Requests * (double)Batch / CpuSeconds;

    public double RequestsPerSecond => Requests / Seconds;

    public double RowsPerSecond => Requests * (double)Batch / Seconds;

    public string MarkdownRow() =>
        $"| {Label} | {Batch} | {Concurrency} | {RequestsPerSecond:N0} | {RowsPerSecond:N0} | {P50Ms:0.000} | {P99Ms:0.000} | {Errors} | {CpuSeconds * 1000 / Requests:0.000} | {RowsPerCpuSecond:N0} |";

    public static string MarkdownHeader() =>
        "| what | batch | in flight | req/s | rows/s | p50 ms | p99 ms | errors | CPU ms/req | rows per CPU-s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>Percentile (nearest rank) of sorted timestamps-deltas, in milliseconds.</summary>
    public static double Percentile(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(p * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
