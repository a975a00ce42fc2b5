using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Polly;
using Polly.Retry;
using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// Retries one S3 request on transient failures (connection refused or reset, timeouts, 5xx,
/// throttling) with exponential backoff and jitter, and gives each attempt its own timeout — a
/// Polly resilience pipeline (retry around timeout) whose delays and timeouts run on the injected
/// <see cref="TimeProvider"/>. Anything else (a 412, a 404, access denied) is the caller's to
/// interpret and passes through at once. When the attempts run out the failure becomes a
/// <see cref="RemoteFailedException"/>.
/// </summary>
internal sealed class S3Retry
{
    /// <summary>The longest wait between two attempts, whatever the attempt number.</summary>
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

    private readonly int maxAttempts;
    private readonly TimeSpan baseDelay;
    private readonly string endpointName;
    private readonly Func<double> jitter;
    private readonly ResiliencePipeline pipeline;

    /// <summary>
    /// A retry policy of <paramref name="maxAttempts"/> attempts, the first retry after about
    /// <paramref name="baseDelay"/>, each attempt cut off after <paramref name="requestTimeout"/> of
    /// <paramref name="time"/>. <paramref name="jitter"/> (values in [0, 1)) spreads the delays;
    /// null means <see cref="Random.Shared"/>, a test passes a fixed sequence.
    /// </summary>
    public S3Retry(int maxAttempts, TimeSpan baseDelay, TimeSpan requestTimeout, string endpointName, TimeProvider time, Func<double>? jitter = null)
    {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.endpointName = endpointName;
        this.jitter = jitter ?? Random.Shared.NextDouble;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (maxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested && IsTransient(ex)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff(args.AttemptNumber + 1)),
            });
        }

        pipeline = builder.AddTimeout(requestTimeout).Build();
    }

    /// <summary>Runs <paramref name="operation"/> (a fresh request each attempt) until it succeeds or fails for good.</summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        int attempts = 0;
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await operation(token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTransient(ex))
        {
            throw new RemoteFailedException($"S3 {what} at {endpointName} failed after {attempts} attempt(s): {Describe(ex)}", ex);
        }
    }

    /// <summary>
    /// True for failures worth another attempt: the network, a timeout (the SDK's, or the pipeline's
    /// own, which carries the cancellation as its inner exception), a 5xx or throttling.
    /// </summary>
    internal static bool IsTransient(Exception ex)
    {
        if (ex is AmazonServiceException service && service.StatusCode != 0)
        {
            int status = (int)service.StatusCode;
            return status >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests || service.StatusCode == HttpStatusCode.RequestTimeout
                || service.ErrorCode is "SlowDown" or "Throttling" or "ConditionalRequestConflict" or "RequestTimeout" or "InternalError" or "ServiceUnavailable";
        }

        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return false;
            }

            if (e is HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The innermost message, which names the real cause (e.g. "Connection refused").</summary>
    internal static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is OperationCanceledException ? "the request timed out" : inner.Message;
    }

    /// <summary>
    /// "Equal jitter": half of the capped exponential delay, plus a random share of the other half.
    /// Written here rather than Polly's built-in jitter (a decorrelated one) so the delays stay what
    /// they were. <paramref name="failedAttempt"/> counts from 1. The randomness never reaches any output.
    /// </summary>
    private TimeSpan Backoff(int failedAttempt)
    {
        double cap = Math.Min(MaxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, failedAttempt - 1));
        return TimeSpan.FromMilliseconds(cap / 2 + jitter() * cap / 2);
    }
}
