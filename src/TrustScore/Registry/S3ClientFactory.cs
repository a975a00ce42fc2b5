using Amazon;
using Amazon.S3;

namespace TrustScore.Registry;

/// <summary>
/// Builds the AWS SDK client the S3 registry talks through. Credentials come from the SDK's
/// standard chain (environment variables, profile, instance role). A custom endpoint (moto_server,
/// another S3-compatible store) uses path-style addressing. The SDK's own retries are switched off
/// because <see cref="S3Retry"/> owns retrying, so one policy decides how often and how long.
/// </summary>
internal static class S3ClientFactory
{
    /// <summary>The region used when neither the option nor <c>AWS_REGION</c> names one.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>A client for <paramref name="endpoint"/> (null: AWS) in <paramref name="region"/>.</summary>
    public static AmazonS3Client Create(string? endpoint, string? region, TimeSpan requestTimeout)
    {
        string resolvedRegion = ResolveRegion(region);
        var config = new AmazonS3Config
        {
            MaxErrorRetry = 0,
            Timeout = requestTimeout,
        };
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(resolvedRegion);
        }
        else
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = resolvedRegion;
        }

        return new AmazonS3Client(config);
    }

    /// <summary>The region to use: the given one, else <c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c>, else us-east-1.</summary>
    public static string ResolveRegion(string? region) =>
        NonEmpty(region)
        ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"))
        ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"))
        ?? DefaultRegion;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
