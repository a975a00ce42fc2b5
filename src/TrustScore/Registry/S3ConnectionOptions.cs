using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// The S3 settings a command line gives (<c>--endpoint</c>, <c>--region</c>,
/// <c>--retention-days</c>, <c>--lock-mode</c>, <c>--allow-unlocked-bucket</c>); turned into
/// <see cref="S3RegistryOptions"/> when <c>--registry</c> is an <c>s3://</c> URL (runbook §3.2).
/// </summary>
/// <param name="Endpoint">An S3-compatible endpoint URL, or null for AWS.</param>
/// <param name="Region">The region, or null for <c>AWS_REGION</c> / us-east-1.</param>
/// <param name="RetentionDays">Object Lock retention in days.</param>
/// <param name="LockMode"><c>compliance</c> or <c>governance</c> (any case).</param>
/// <param name="AllowUnlockedBucket">Publish into a bucket without Object Lock.</param>
public sealed record S3ConnectionOptions(
    string? Endpoint = null,
    string? Region = null,
    int RetentionDays = 365,
    string LockMode = "compliance",
    bool AllowUnlockedBucket = false)
{
    /// <summary>Registry options for <paramref name="registryUrl"/>; bad input names the flag that is wrong.</summary>
    public S3RegistryOptions ToRegistryOptions(string registryUrl, string publisher)
    {
        var mode = LockMode.ToUpperInvariant() switch
        {
            "COMPLIANCE" => S3RetentionMode.Compliance,
            "GOVERNANCE" => S3RetentionMode.Governance,
            _ => throw new BadInputException($"--lock-mode '{LockMode}' is not valid; use compliance or governance."),
        };
        var options = new S3RegistryOptions
        {
            Location = S3RegistryLocation.Parse(registryUrl),
            Endpoint = string.IsNullOrWhiteSpace(Endpoint) ? null : Endpoint,
            Region = Region,
            RetentionDays = RetentionDays,
            RetentionMode = mode,
            AllowUnlockedBucket = AllowUnlockedBucket,
            Publisher = publisher,
        };
        options.Validate();
        return options;
    }
}
