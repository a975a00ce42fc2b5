using System.Collections.Concurrent;
using System.Net;
using Amazon.S3;
using Microsoft.Extensions.Time.Testing;
using TrustScore.Errors;
using TrustScore.Registry;

namespace TrustScore.Tests.Registry;

/// <summary>
/// The S3 retry policy on a fake clock: how often it tries, how long it waits between attempts
/// (exponential, equal jitter, capped at 20 s) and which failures it does not retry.
/// </summary>
public sealed class S3RetryTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TransientFailure_IsRetriedWithExponentialEqualJitterDelays_ThenFailsAsRemoteFailure()
    {
        var clock = new TimerRecordingClock();
        // Jitter 0, 0.5, 1: with a 200 ms base the caps are 200, 400, 800 ms, and the delays are
        // cap/2 + jitter*cap/2 = 100, 300, 800 ms (computed by hand).
        var jitter = new Queue<double>([0.0, 0.5, 1.0]);
        var retry = new S3Retry(4, TimeSpan.FromMilliseconds(200), RequestTimeout, "moto", clock, jitter.Dequeue);
        var calls = new SemaphoreSlim(0);
        int attempts = 0;

        var run = retry.RunAsync<int>("GetObject k", _ =>
        {
            Interlocked.Increment(ref attempts);
            calls.Release();
            throw new HttpRequestException("Connection refused");
        }, CancellationToken.None);

        foreach (int delayMs in new[] { 100, 300, 800 })
        {
            Assert.True(await calls.WaitAsync(RealWait));
            TimeSpan delay = clock.NextRetryDelay();
            Assert.Equal(TimeSpan.FromMilliseconds(delayMs), delay);
            int before = Volatile.Read(ref attempts);
            clock.Advance(delay - TimeSpan.FromTicks(1));
            Assert.False(await calls.WaitAsync(TimeSpan.FromMilliseconds(50)));
            Assert.Equal(before, Volatile.Read(ref attempts));
            clock.Advance(TimeSpan.FromTicks(1));
        }

        var failure = await Assert.ThrowsAsync<RemoteFailedException>(() => run.WaitAsync(RealWait));
        Assert.Equal(4, attempts);
        Assert.Equal(ExitCode.RemoteFailed, failure.ExitCode);
        Assert.Equal("S3 GetObject k at moto failed after 4 attempt(s): Connection refused", failure.Message);
        Assert.Empty(jitter);
    }

    [Fact]
    public async Task Delay_IsCappedAtTwentySeconds()
    {
        var clock = new TimerRecordingClock();
        // Attempt 10 of a 1 s base would wait 2^9 s; the cap keeps it at 10 s + 1.0 * 10 s = 20 s.
        var retry = new S3Retry(11, TimeSpan.FromSeconds(1), RequestTimeout, "moto", clock, () => 1.0);
        var calls = new SemaphoreSlim(0);

        var run = retry.RunAsync<int>("HeadObject k", _ =>
        {
            calls.Release();
            throw new TimeoutException("slow");
        }, CancellationToken.None);

        var delays = new List<TimeSpan>();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(await calls.WaitAsync(RealWait));
            delays.Add(clock.NextRetryDelay());
            clock.Advance(delays[^1]);
        }

        Assert.Equal([1, 2, 4, 8, 16, 20, 20, 20, 20, 20], delays.Select(d => d.TotalSeconds));
        await Assert.ThrowsAsync<RemoteFailedException>(() => run.WaitAsync(RealWait));
    }

    [Fact]
    public async Task ServiceError5xxAndThrottling_AreRetried_UntilSuccess()
    {
        var clock = new TimerRecordingClock();
        var retry = new S3Retry(5, TimeSpan.FromMilliseconds(10), RequestTimeout, "moto", clock, () => 0.0);
        var failures = new Queue<Exception>([
            new AmazonS3Exception("busy") { StatusCode = HttpStatusCode.ServiceUnavailable },
            new AmazonS3Exception("slow down") { StatusCode = HttpStatusCode.TooManyRequests },
        ]);
        var calls = new SemaphoreSlim(0);
        int attempts = 0;

        var run = retry.RunAsync("PutObject k", _ =>
        {
            attempts++;
            calls.Release();
            return failures.TryDequeue(out var failure) ? Task.FromException<string>(failure) : Task.FromResult("etag");
        }, CancellationToken.None);

        for (int i = 0; i < 2; i++)
        {
            Assert.True(await calls.WaitAsync(RealWait));
            clock.Advance(clock.NextRetryDelay());
        }

        Assert.Equal("etag", await run.WaitAsync(RealWait));
        Assert.Equal(3, attempts);
    }

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task ClientError_IsNotRetried_AndPassesThroughUnchanged(HttpStatusCode status)
    {
        var clock = new TimerRecordingClock();
        var retry = new S3Retry(5, TimeSpan.FromMilliseconds(200), RequestTimeout, "moto", clock);
        var refusal = new AmazonS3Exception("refused") { StatusCode = status };
        int attempts = 0;

        var thrown = await Assert.ThrowsAsync<AmazonS3Exception>(() => retry.RunAsync<int>("PutObject k", _ =>
        {
            attempts++;
            throw refusal;
        }, CancellationToken.None).WaitAsync(RealWait));

        Assert.Same(refusal, thrown);
        Assert.Equal(1, attempts);
        Assert.False(clock.HasRetryDelay);
    }

    [Fact]
    public async Task MissingLocalFile_IsNotRetried()
    {
        var retry = new S3Retry(5, TimeSpan.FromMilliseconds(200), RequestTimeout, "moto", new TimerRecordingClock());
        int attempts = 0;

        await Assert.ThrowsAsync<FileNotFoundException>(() => retry.RunAsync<int>("PutObject k", _ =>
        {
            attempts++;
            throw new FileNotFoundException("gone", "weights.bin");
        }, CancellationToken.None).WaitAsync(RealWait));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task AttemptThatOutlivesTheRequestTimeout_IsCutOff_AndRetried()
    {
        var clock = new TimerRecordingClock();
        var retry = new S3Retry(2, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), "moto", clock, () => 0.0);
        var calls = new SemaphoreSlim(0);
        int attempts = 0;

        var run = retry.RunAsync("GetObject k", async token =>
        {
            attempts++;
            calls.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return 0;
        }, CancellationToken.None);

        Assert.True(await calls.WaitAsync(RealWait));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromMilliseconds(50), clock.NextRetryDelay());
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(await calls.WaitAsync(RealWait));
        clock.Advance(TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<RemoteFailedException>(() => run.WaitAsync(RealWait));
        Assert.Equal(2, attempts);
        Assert.EndsWith("failed after 2 attempt(s): the request timed out", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A <see cref="FakeTimeProvider"/> that also records each timer it is asked for, so a test can
    /// wait until the retry has started its delay (and read how long) before moving time on.
    /// Timers of the request timeout are told apart by their length.
    /// </summary>
    private sealed class TimerRecordingClock : FakeTimeProvider
    {
        private readonly BlockingCollection<TimeSpan> retryDelays = [];

        public bool HasRetryDelay => retryDelays.Count > 0;

        public TimeSpan NextRetryDelay() =>
            retryDelays.TryTake(out var delay, RealWait) ? delay : throw new TimeoutException("no retry delay was started");

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != RequestTimeout && dueTime != TimeSpan.FromSeconds(30) && dueTime != Timeout.InfiniteTimeSpan)
            {
                retryDelays.Add(dueTime);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
