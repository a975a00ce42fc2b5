namespace TrustScore.Tests.Registry;

/// <summary>A clock the test sets; timers still run on real time (retry delays stay real).</summary>
internal sealed class S3TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
