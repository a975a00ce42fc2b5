using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// Settings of an <see cref="S3Registry"/> (runbook §3.2; <c>trustscore publish --registry s3://…</c>).
/// Credentials are not here: they come from the standard AWS environment variables or profile.
/// Validated once by <see cref="Validate"/> when the registry is built.
/// </summary>
public sealed record S3RegistryOptions
{
    /// <summary>The smallest part S3 accepts in a multipart upload (all parts but the last).</summary>
    public const long MinimumPartSizeBytes = 5L * 1024 * 1024;

    /// <summary>Bucket and prefix of the registry.</summary>
    public required S3RegistryLocation Location { get; init; }

    /// <summary>An S3-compatible endpoint URL (e.g. moto_server); null for AWS itself.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The AWS region; null means <c>AWS_REGION</c>, then <c>us-east-1</c>.</summary>
    public string? Region { get; init; }

    /// <summary>Object Lock mode of every object written. <value>Default: <see cref="S3RetentionMode.Compliance"/>.</value></summary>
    public S3RetentionMode RetentionMode { get; init; } = S3RetentionMode.Compliance;

    /// <summary>How long each object stays locked, in days. <value>Default: 365.</value></summary>
    public int RetentionDays { get; init; } = 365;

    /// <summary>
    /// Publish into a bucket without Object Lock anyway (objects are then unprotected). Off by
    /// default; the publish verb records the override in the audit log.
    /// </summary>
    public bool AllowUnlockedBucket { get; init; }

    /// <summary>Files at least this large are sent as a multipart upload. <value>Default: 64 MiB.</value></summary>
    public long MultipartThresholdBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Size of each multipart part (at least 5 MiB). <value>Default: 16 MiB.</value></summary>
    public long PartSizeBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Attempts per S3 request before giving up on transient errors. <value>Default: 5.</value></summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Delay before the first retry; doubled on each further one (with jitter). <value>Default: 200 ms.</value></summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one S3 request may take before it counts as a transient failure. <value>Default: 5 minutes.</value></summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Who publishes (recorded in metadata.json); null means <c>user@host</c>.</summary>
    public string? Publisher { get; init; }

    /// <summary>Called with each object's name (relative to the version) once it is stored; for progress lines.</summary>
    public Action<string>? ObjectStored { get; init; }

    /// <summary>Called with a multipart object's name and part number once that part is stored; for progress lines.</summary>
    public Action<string, int>? PartStored { get; init; }

    /// <summary>Throws <see cref="BadInputException"/> naming the first setting outside its range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Location);
        Require(RetentionDays is >= 1 and <= 36500, $"--retention-days must be between 1 and 36500, got {RetentionDays}.");
        Require(PartSizeBytes >= MinimumPartSizeBytes, $"the multipart part size must be at least {MinimumPartSizeBytes} bytes, got {PartSizeBytes}.");
        Require(MultipartThresholdBytes >= PartSizeBytes, $"the multipart threshold ({MultipartThresholdBytes} bytes) must be at least the part size ({PartSizeBytes} bytes).");
        Require(MaxAttempts is >= 1 and <= 20, $"S3 attempts must be between 1 and 20, got {MaxAttempts}.");
        Require(RetryBaseDelay >= TimeSpan.Zero, "the S3 retry delay must not be negative.");
        Require(RequestTimeout > TimeSpan.Zero, "the S3 request timeout must be positive.");
        Require(Endpoint is null || Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
            $"--endpoint '{Endpoint}' is not an http(s) URL.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new BadInputException(message);
        }
    }
}
