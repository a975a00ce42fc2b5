using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Publish;

/// <summary>
/// Runbook §3.2 end to end through the CLI against moto_server: publish to s3://, re-publish,
/// conflict, list, show --verify (clean and after tampering), unlocked buckets, audit entries
/// (also in the registry root named by --audit-log).
/// </summary>
[Collection(S3MotoCollection.Name)]
public sealed class S3PublishCommandTests(MotoServer moto) : IDisposable
{
    private readonly TempDirectory temp = new("s3-cli");
    private readonly AmazonS3Client raw = S3ClientFactory.Create(moto.Endpoint, MotoServer.Region, TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        raw.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task PublishListShowVerify_ToS3_ExitCodesAndAudit()
    {
        string bucket = await CreateBucketAsync(objectLock: true);
        string registry = $"s3://{bucket}/models/trust_score";
        string audit = temp.Combine("audit");
        string v1 = VersionDirectoryFixture.Write(temp.Combine("a"), "v1", "w1");
        string[] s3 = ["--registry", registry, "--endpoint", moto.Endpoint];

        var (code, stdout, stderr) = CliRunner.Run(["publish", "--model", v1, .. s3, "--retention-days", "1", "--audit-dir", audit, "--json"]);
        Assert.True(code == (int)ExitCode.Ok, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal("published", doc.RootElement.GetProperty("outcome").GetString());
            Assert.Equal(VersionDirectoryFixture.ManifestRoot(v1), doc.RootElement.GetProperty("root_digest").GetString());
            Assert.Equal($"{registry}/v1/trust_score_v1.tar.gz", doc.RootElement.GetProperty("artifact_url").GetString());
        }

        var again = CliRunner.Run(["publish", "--model", VersionDirectoryFixture.Write(temp.Combine("b"), "v1", "w1"), .. s3, "--retention-days", "1", "--audit-dir", audit]);
        Assert.Equal((int)ExitCode.Ok, again.Code);
        Assert.Contains("already published (identical)", again.Err, StringComparison.Ordinal);

        var changed = CliRunner.Run(["publish", "--model", VersionDirectoryFixture.Write(temp.Combine("c"), "v1", "w2"), .. s3, "--retention-days", "1", "--audit-dir", audit]);
        Assert.Equal((int)ExitCode.ImmutabilityConflict, changed.Code);

        var list = CliRunner.Run(["registry", "list", .. s3, "--json"]);
        Assert.Equal((int)ExitCode.Ok, list.Code);
        using (var listed = JsonDocument.Parse(list.Out))
        {
            Assert.Equal(["v1"], listed.RootElement.GetProperty("versions").EnumerateArray().Select(e => e.GetProperty("version").GetString()!).ToArray());
        }

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run(["registry", "show", "v1", .. s3, "--verify"]).Code);
        var verifiedList = CliRunner.Run(["registry", "list", .. s3, "--verify", "--json"]);
        using (var listed = JsonDocument.Parse(verifiedList.Out))
        {
            Assert.True(listed.RootElement.GetProperty("versions")[0].GetProperty("verified").GetBoolean());
        }

        await raw.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "models/trust_score/v1/model/model.onnx",
            InputStream = new MemoryStream(Encoding.UTF8.GetBytes("w3")),
        });
        var tampered = CliRunner.Run(["registry", "show", "v1", .. s3, "--verify", "--json"]);
        Assert.Equal((int)ExitCode.VerificationFailed, tampered.Code);
        using (var doc = JsonDocument.Parse(tampered.Out))
        {
            Assert.False(doc.RootElement.GetProperty("verification").GetProperty("passed").GetBoolean());
        }

        var records = AuditLog.Open(audit).Read();
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Unchanged, AuditOutcome.Refused], records.Select(r => r.Entry.Outcome).ToArray());
        Assert.All(records, r => Assert.Equal(AuditAction.Publish, r.Entry.Action));
        Assert.True(AuditLog.Open(audit).Verify().Valid);
    }

    [Fact]
    public async Task RegistryList_AVersionWithTamperedMetadata_IsListedAsUnreadable_AndTheOthersStillVerify()
    {
        string bucket = await CreateBucketAsync(objectLock: true);
        string[] s3 = ["--registry", $"s3://{bucket}/models/trust_score", "--endpoint", moto.Endpoint];
        string audit = temp.Combine("audit");
        foreach (var (version, weights) in new[] { ("v1", "w1"), ("v2", "w2") })
        {
            var published = CliRunner.Run(["publish", "--model", VersionDirectoryFixture.Write(temp.Combine(version), version, weights), .. s3, "--retention-days", "1", "--audit-dir", audit]);
            Assert.True(published.Code == (int)ExitCode.Ok, published.Err);
        }

        await raw.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "models/trust_score/v2/metadata.json", ContentBody = "[]" });

        var plain = CliRunner.Run(["registry", "list", .. s3]);
        Assert.Equal((int)ExitCode.Ok, plain.Code);
        Assert.Contains("2 published version(s)", plain.Err, StringComparison.Ordinal);
        Assert.Contains(plain.Out.Split('\n'), line => line.StartsWith("v2 ", StringComparison.Ordinal) && line.EndsWith("UNREADABLE", StringComparison.Ordinal));

        var verified = CliRunner.Run(["registry", "list", .. s3, "--verify", "--json"]);
        Assert.True(verified.Code == (int)ExitCode.Ok, verified.Err);
        using var listed = JsonDocument.Parse(verified.Out);
        var versions = listed.RootElement.GetProperty("versions").EnumerateArray().ToDictionary(e => e.GetProperty("version").GetString()!);
        Assert.True(versions["v1"].GetProperty("verified").GetBoolean());
        Assert.False(versions["v2"].GetProperty("verified").GetBoolean());
        Assert.Contains("not a JSON object", versions["v2"].GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ToUnlockedBucket_IsRefused_UnlessAllowed_AndTheOverrideIsAudited()
    {
        string bucket = await CreateBucketAsync(objectLock: false);
        string audit = temp.Combine("audit");
        string v1 = VersionDirectoryFixture.Write(temp.Path, "v1", "w1");
        string[] args = ["publish", "--model", v1, "--registry", $"s3://{bucket}/m", "--endpoint", moto.Endpoint, "--audit-dir", audit];

        var refused = CliRunner.Run(args);
        Assert.Equal((int)ExitCode.BadInput, refused.Code);
        Assert.Contains("--allow-unlocked-bucket", refused.Err, StringComparison.Ordinal);

        Assert.Equal((int)ExitCode.Ok, CliRunner.Run([.. args, "--allow-unlocked-bucket"]).Code);

        var records = AuditLog.Open(audit).Read();
        Assert.Equal([AuditOutcome.Refused, AuditOutcome.Succeeded], records.Select(r => r.Entry.Outcome).ToArray());
        Assert.Contains("--allow-unlocked-bucket", records[1].Entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_BadLockMode_IsBadInputNamingTheFlag()
    {
        string v1 = VersionDirectoryFixture.Write(temp.Path, "v1", "w1");

        var result = CliRunner.Run("publish", "--model", v1, "--registry", "s3://some-bucket/m", "--endpoint", moto.Endpoint, "--lock-mode", "legal", "--audit-dir", temp.Combine("audit"));

        Assert.Equal((int)ExitCode.BadInput, result.Code);
        Assert.Contains("--lock-mode", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3Publish_AndRefusals_AreAppendedToTheAuditLogGivenByAuditLog()
    {
        string bucket = await CreateBucketAsync(objectLock: true);
        string auditRoot = temp.Combine("artifacts", "models");
        string[] s3 = ["--registry", $"s3://{bucket}/models/trust_score", "--endpoint", moto.Endpoint, "--retention-days", "1", "--audit-log", auditRoot];
        string good = VersionDirectoryFixture.Write(temp.Combine("good"), "v20250101_000000", "weights");
        string failedGates = VersionDirectoryFixture.Write(temp.Combine("gates"), "v20250102_000000", "weights", gatesPassed: false);

        var published = CliRunner.Run(["publish", "--model", good, .. s3, "--reason", "release"]);
        var refused = CliRunner.Run(["publish", "--model", failedGates, .. s3]);

        Assert.True(published.Code == (int)ExitCode.Ok, published.Err);
        Assert.Equal((int)ExitCode.GatesFailed, refused.Code);
        var log = AuditLog.Open(auditRoot);
        var records = log.Read();
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Refused], records.Select(r => r.Entry.Outcome).ToArray());
        Assert.Equal(["v20250101_000000", "v20250102_000000"], records.Select(r => r.Entry.ToVersion!).ToArray());
        Assert.Equal("release", records[0].Entry.Reason);
        Assert.True(log.Verify().Valid);
    }

    private async Task<string> CreateBucketAsync(bool objectLock)
    {
        string bucket = $"ts-cli-{Guid.NewGuid():N}";
        await raw.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = objectLock });
        return bucket;
    }
}
