using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Audit;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Publish;

/// <summary>
/// <c>publish --registry s3://… --audit-log DIR</c>: every S3 publish and every refusal is appended
/// to the audit log of the local registry root DIR, and the chain verifies.
/// </summary>
[Collection(S3MotoCollection.Name)]
public sealed class S3AuditLogOptionTests(MotoServer moto) : IDisposable
{
    private readonly TempDirectory temp = new("s3-audit-log");
    private readonly AmazonS3Client raw = S3ClientFactory.Create(moto.Endpoint, MotoServer.Region, TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        raw.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task S3Publish_AndRefusals_AreAppendedToTheAuditLogGivenByAuditLog()
    {
        string bucket = $"ts-cli-{Guid.NewGuid():N}";
        await raw.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        string auditRoot = temp.Combine("artifacts", "models");
        string[] s3 = ["--registry", $"s3://{bucket}/models/trust_score", "--endpoint", moto.Endpoint, "--retention-days", "1", "--audit-log", auditRoot];
        string good = VersionDirectoryFixture.Write(temp.Combine("good"), "v20250101_000000", "weights");
        string failedGates = VersionDirectoryFixture.Write(temp.Combine("gates"), "v20250102_000000", "weights", gatesPassed: false);

        var published = CliRunner.Run(["publish", "--model", good, .. s3, "--reason", "release"]);
        var refused = CliRunner.Run(["publish", "--model", failedGates, .. s3]);

        Assert.True(published.Code == 0, published.Err);
        Assert.Equal(4, refused.Code);
        var log = AuditLog.Open(auditRoot);
        var records = log.Read();
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Refused], records.Select(r => r.Entry.Outcome).ToArray());
        Assert.Equal(["v20250101_000000", "v20250102_000000"], records.Select(r => r.Entry.ToVersion!).ToArray());
        Assert.Equal("release", records[0].Entry.Reason);
        Assert.True(log.Verify().Valid);
    }
}
