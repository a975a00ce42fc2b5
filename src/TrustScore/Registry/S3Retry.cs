using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// Retries one S3 request on transient failures (connection refused or reset, timeouts, 5xx,
/// throttling) with exponential backoff and jitter, and gives each attempt its own timeout.
/// Anything else (a 412, a 404, access denied) is the caller's to interpret and passes through at
/// once. When the attempts run out the failure becomes a <see cref="RemoteFailedException"/>.
/// </summary>
internal sealed class S3Retry(int maxAttempts, TimeSpan baseDelay, TimeSpan requestTimeout, string endpointName, TimeProvider time)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="operation"/> (a fresh request each attempt) until it succeeds or fails for good.</summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(requestTimeout);
            try
            {
                return await operation(attemptTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTransient(ex))
            {
                if (attempt >= maxAttempts)
                {
                    throw new RemoteFailedException(
                        $"S3 {what} at {endpointName} failed after {attempt} attempt(s): {Describe(ex)}", ex);
                }

                await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>True for failures worth another attempt: the network, a timeout, a 5xx or throttling.</summary>
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

    private TimeSpan Backoff(int attempt)
    {
        double cap = Math.Min(MaxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));

        // Jitter spreads concurrent publishers apart; the randomness never reaches any output.
        return TimeSpan.FromMilliseconds(cap / 2 + Random.Shared.NextDouble() * cap / 2);
    }
}
