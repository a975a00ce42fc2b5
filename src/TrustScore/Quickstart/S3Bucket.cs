using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Errors;
using TrustScore.Registry;

namespace TrustScore.Quickstart;

/// <summary>
/// The quickstart's S3 bucket (runbook §3.2): created with Object Lock on a fresh endpoint (a local
/// moto_server), so the publish that follows runs with the protection a production bucket has.
/// An existing bucket is used as it is; the registry itself refuses one without Object Lock.
/// </summary>
internal static class S3Bucket
{
    /// <summary>Creates <paramref name="bucket"/> at <paramref name="endpoint"/> with Object Lock unless it exists.</summary>
    public static void EnsureLocked(string endpoint, string bucket, CancellationToken ct)
    {
        using var client = S3ClientFactory.Create(endpoint, region: null, TimeSpan.FromSeconds(30));
        try
        {
            var buckets = client.ListBucketsAsync(new ListBucketsRequest(), ct).GetAwaiter().GetResult();
            if (buckets.Buckets?.Any(b => b.BucketName == bucket) == true)
            {
                return;
            }

            client.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true }, ct).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonClientException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            throw new RemoteFailedException($"S3 endpoint {endpoint} could not create bucket '{bucket}': {ex.Message}", ex);
        }
    }
}
