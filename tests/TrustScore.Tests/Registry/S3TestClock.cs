namespace TrustScore.Tests.Registry;

/// <summary>
/// A clock the test sets whose timers still run on real time. Not FakeTimeProvider: S3 retry delays
/// and per-request timeouts run on the injected TimeProvider, and a fake one would stop them.
/// </summary>
internal sealed class S3TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
