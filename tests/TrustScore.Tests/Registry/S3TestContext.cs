using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

/// <summary>
/// One test's view of an S3 server: a raw SDK client (to look behind the registry's back), fresh
/// buckets, and registries configured for fast tests (short timeouts, 1-day retention).
/// </summary>
internal sealed class S3TestContext(string endpoint) : IDisposable
{
    public const string Prefix = "models/trust_score";

    public AmazonS3Client Raw { get; } = S3ClientFactory.Create(endpoint, MotoServer.Region, TimeSpan.FromSeconds(30));

    public string Endpoint { get; } = endpoint;

    /// <summary>Creates a bucket, with Object Lock unless <paramref name="objectLock"/> is false.</summary>
    public string CreateBucket(bool objectLock = true)
    {
        string bucket = S3TestVersions.NewBucketName();
        Raw.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = objectLock }).GetAwaiter().GetResult();
        return bucket;
    }

    public S3RegistryOptions Options(string bucket) => new()
    {
        Location = S3RegistryLocation.Parse($"s3://{bucket}/{Prefix}"),
        Endpoint = Endpoint,
        Region = MotoServer.Region,
        RetentionDays = 1,
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(20),
        Publisher = "tester@ci",
    };

    /// <summary>Every key under <paramref name="prefix"/> with all of its object versions (delete markers excluded).</summary>
    public IReadOnlyList<S3ObjectVersion> Versions(string bucket, string prefix)
    {
        var response = Raw.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, Prefix = prefix }).GetAwaiter().GetResult();
        return (response.Versions ?? []).Where(v => v.IsDeleteMarker != true).ToList();
    }

    public void Dispose() => Raw.Dispose();
}
