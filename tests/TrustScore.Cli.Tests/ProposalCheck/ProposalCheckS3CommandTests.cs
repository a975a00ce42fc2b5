using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Cli.Tests.Publish;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.ProposalCheck;

/// <summary>
/// <c>trustscore proposal check --registry s3://…</c> against moto_server: a real proposal for a
/// version published to S3 through the CLI passes every check; objects changed in the bucket
/// behind the registry's back (new object versions written with the AWS SDK), an absent version
/// and a missing audit log each fail the check they concern, exit 5.
/// </summary>
[Collection(S3MotoCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProposalCheckS3CommandTests : IDisposable
{
    private const string Version = "v20250101_120000";
    private const string Prefix = "models/trust_score";
    private readonly MotoServer moto;
    private readonly TempDirectory temp = new("proposal-check-s3");
    private readonly AmazonS3Client raw;
    private readonly string bucket;
    private readonly string registry;
    private readonly string keys;
    private readonly string audit;
    private readonly string proposal;
    private readonly string manifest;

    public ProposalCheckS3CommandTests(MotoServer moto)
    {
        this.moto = moto;
        raw = S3ClientFactory.Create(moto.Endpoint, MotoServer.Region, TimeSpan.FromSeconds(30));
        bucket = $"proposal-check-{Guid.NewGuid():N}"[..40];
        raw.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true }).GetAwaiter().GetResult();
        registry = $"s3://{bucket}/{Prefix}";
        keys = temp.Combine("keys");
        audit = temp.Combine("audit");
        string versionDir = ModelFixtures.WriteVersionDirectory(temp.Combine("export"), Version);
        Run("keygen", "--out", keys, "--name", "release");
        Run("sign", "--model", versionDir, "--key", Path.Combine(keys, "release.key"));
        Run("publish", "--model", versionDir, "--registry", registry, "--endpoint", moto.Endpoint, "--retention-days", "1",
            "--audit-dir", audit, "--public-key", Path.Combine(keys, "release.pub"), "--reason", "release");
        proposal = temp.Combine("out", "proposal.json");
        manifest = Path.Combine(versionDir, "manifest.json");
        Run("proposal", "create", "--manifest", manifest,
            "--model-url", $"{registry}/{Version}/trust_score_{Version}.tar.gz", "--s3-endpoint", moto.Endpoint, "--out", proposal);
    }

    public void Dispose()
    {
        raw.Dispose();
        temp.Dispose();
    }

    private static void Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.True(result.Code == 0, $"{string.Join(' ', args)}: {result.Out}{result.Err}");
    }

    private (int Code, string Out, Dictionary<string, (bool Passed, string Detail)> Checks) Check(string proposalPath, params string[] options)
    {
        var result = CliRunner.Run(["proposal", "check", proposalPath, "--endpoint", moto.Endpoint, "--trusted-keys", keys, "--json", .. options]);
        Assert.True(result.Out.Length > 0, result.Err);
        using var doc = JsonDocument.Parse(result.Out);
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("passed").GetBoolean(), c.GetProperty("detail").GetString()!));
        return (result.Code, result.Out, checks);
    }

    private Task OverwriteAsync(string name, byte[] bytes) =>
        raw.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"{Prefix}/{Version}/{name}", InputStream = new MemoryStream(bytes) });

    [Fact]
    public void ProposalCreate_ReadsThePublishedArchiveBackFromS3()
    {
        var created = CliRunner.Run("proposal", "create", "--manifest", manifest, "--model-url", $"{registry}/{Version}/trust_score_{Version}.tar.gz",
            "--s3-endpoint", moto.Endpoint, "--out", temp.Combine("again", "proposal.json"), "--json");

        Assert.True(created.Code == 0, created.Err);
        var artifact = JsonNode.Parse(created.Out)!["artifact_check"]!;
        Assert.True((bool)artifact["content_verified"]!);
        Assert.Contains("archive object's SHA-256 matches", (string)artifact["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProposalCreate_ArchiveChangedInTheBucket_IsRefused_AndWritesNothing()
    {
        await OverwriteAsync($"trust_score_{Version}.tar.gz", Encoding.UTF8.GetBytes("another archive"));
        string output = temp.Combine("tampered", "proposal.json");

        var created = CliRunner.Run("proposal", "create", "--manifest", manifest, "--model-url", $"{registry}/{Version}/trust_score_{Version}.tar.gz",
            "--s3-endpoint", moto.Endpoint, "--out", output);

        Assert.Equal((int)TrustScore.Errors.ExitCode.VerificationFailed, created.Code);
        Assert.Contains("records archive_digest", created.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)) && Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!).Any());
    }

    [Fact]
    public void ProposalCreate_UrlOfAnUnpublishedVersion_IsRefused_UnlessNotFetched()
    {
        string elsewhere = $"s3://{bucket}/models/elsewhere/{Version}/trust_score_{Version}.tar.gz";

        var refused = CliRunner.Run("proposal", "create", "--manifest", manifest, "--model-url", elsewhere, "--s3-endpoint", moto.Endpoint, "--out", temp.Combine("elsewhere", "proposal.json"));
        var unfetched = CliRunner.Run("proposal", "create", "--manifest", manifest, "--model-url", elsewhere, "--no-fetch", "--out", temp.Combine("unfetched", "proposal.json"), "--json");

        Assert.Equal((int)TrustScore.Errors.ExitCode.VerificationFailed, refused.Code);
        Assert.Contains($"is not (completely) published in the S3 registry s3://{bucket}/models/elsewhere", refused.Err, StringComparison.Ordinal);
        Assert.True(unfetched.Code == 0, unfetched.Err);
        Assert.False((bool)JsonNode.Parse(unfetched.Out)!["artifact_check"]!["content_verified"]!);
    }

    private static readonly string[] RegisterChecks = ["messages", "metadata", "artifact", "oms-root", "sha256_hash", "signature", "gates", "version"];

    [Fact]
    public void RealProposal_ThroughS3_EveryCheckPasses_WithTheRegistryGivenOrTakenFromTheArtifactUrl()
    {
        var given = Check(proposal, "--registry", registry, "--audit-dir", audit);
        var derived = Check(proposal, "--audit-dir", audit);

        foreach (var (code, stdout, checks) in new[] { given, derived })
        {
            Assert.True(code == 0, stdout);
            foreach (string name in RegisterChecks)
            {
                Assert.True(checks[name].Passed, name + "\n" + stdout);
            }

            Assert.Contains($"{registry}/{Version}/trust_score_{Version}.tar.gz downloaded", checks["artifact"].Detail, StringComparison.Ordinal);

            // Details name where the bytes came from, not the temporary download (deleted by then).
            Assert.Contains($"{registry}/{Version}/model", checks["sha256_hash"].Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("trustscore-proposal-check-", stdout, StringComparison.Ordinal);
        }

        var text = CliRunner.Run("proposal", "check", proposal, "--registry", registry, "--endpoint", moto.Endpoint, "--audit-dir", audit, "--trusted-keys", keys);
        Assert.Equal(0, text.Code);
        Assert.DoesNotContain("FAIL", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelBytesChangedInTheBucket_FailsRootKeeperHashArtifactAndSignature_ExitFive()
    {
        byte[] onnx;
        using (var response = await raw.GetObjectAsync(bucket, $"{Prefix}/{Version}/model/model.onnx"))
        {
            onnx = ReadAll(response.ResponseStream);
        }

        onnx[^1] ^= 0x01;
        await OverwriteAsync("model/model.onnx", onnx);

        var (code, stdout, checks) = Check(proposal, "--registry", registry, "--audit-dir", audit);

        Assert.Equal(5, code);
        Assert.False(checks["oms-root"].Passed, stdout);
        Assert.False(checks["sha256_hash"].Passed, stdout);
        Assert.False(checks["artifact"].Passed, stdout);
        Assert.False(checks["signature"].Passed, stdout);
        Assert.Contains("model/model.onnx", checks["artifact"].Detail, StringComparison.Ordinal);
        Assert.True(checks["gates"].Passed, stdout);
    }

    [Fact]
    public async Task ArchiveChangedInTheBucket_FailsArtifactOnly_ExitFive()
    {
        await OverwriteAsync($"trust_score_{Version}.tar.gz", Encoding.UTF8.GetBytes("not the archive"));

        var (code, stdout, checks) = Check(proposal, "--registry", registry, "--audit-dir", audit);

        Assert.Equal(5, code);
        Assert.False(checks["artifact"].Passed, stdout);
        Assert.Contains($"trust_score_{Version}.tar.gz", checks["artifact"].Detail, StringComparison.Ordinal);
        foreach (string name in new[] { "oms-root", "sha256_hash", "signature", "gates", "version" })
        {
            Assert.True(checks[name].Passed, name + "\n" + stdout);
        }
    }

    [Fact]
    public void VersionNotPublishedInTheBucket_FailsEveryRegistryCheck_ExitFive()
    {
        string otherRegistry = $"s3://{bucket}/models/elsewhere";

        var (code, stdout, checks) = Check(proposal, "--registry", otherRegistry, "--audit-dir", audit);

        Assert.Equal(5, code);
        foreach (string name in new[] { "artifact", "oms-root", "sha256_hash", "signature", "gates", "version" })
        {
            Assert.False(checks[name].Passed, name + "\n" + stdout);
            Assert.Contains("holds no published version", checks[name].Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ArtifactUrlNamingAnotherBucket_FailsArtifact()
    {
        var json = JsonNode.Parse(File.ReadAllText(proposal))!.AsObject();
        var info = json["messages"]![0]!["model_info"]!.AsObject();
        info["description"] = ((string)info["description"]!).Replace($"s3://{bucket}/", "s3://someone-elses-bucket/", StringComparison.Ordinal);
        string tampered = temp.Combine("out", "tampered.json");
        File.WriteAllText(tampered, json.ToJsonString());

        var (code, stdout, checks) = Check(tampered, "--registry", registry, "--audit-dir", audit);

        Assert.Equal(5, code);
        Assert.False(checks["artifact"].Passed, stdout);
        Assert.Contains("is not the registry's archive", checks["artifact"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NoAuditDir_FailsVersionOnly_AndAMissingBucketIsBadInput()
    {
        var (code, stdout, checks) = Check(proposal, "--registry", registry);
        var missing = CliRunner.Run("proposal", "check", proposal, "--registry", $"s3://no-such-bucket-{Guid.NewGuid():N}"[..40], "--endpoint", moto.Endpoint);

        Assert.Equal(5, code);
        Assert.False(checks["version"].Passed, stdout);
        Assert.Contains("--audit-dir", checks["version"].Detail, StringComparison.Ordinal);
        Assert.True(checks["artifact"].Passed, stdout);
        Assert.Equal(3, missing.Code);
        Assert.Contains("does not exist", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataPublishedInTheVersionFolder_IsReadFromS3_AndAChangedCopyFails()
    {
        byte[] metadata = File.ReadAllBytes(temp.Combine("out", "proposal_metadata.json"));
        await OverwriteAsync("proposal_metadata.json", metadata);

        var (okCode, okOut, okChecks) = Check(proposal, "--registry", registry, "--audit-dir", audit);
        await OverwriteAsync("proposal_metadata.json", [.. metadata, (byte)'\n']);
        var (badCode, badOut, badChecks) = Check(proposal, "--registry", registry, "--audit-dir", audit);

        Assert.True(okCode == 0, okOut);
        Assert.Contains($"{registry}/{Version}/proposal_metadata.json", okChecks["metadata"].Detail, StringComparison.Ordinal);
        Assert.True(okChecks["artifact"].Passed, okOut);
        Assert.Equal(5, badCode);
        Assert.False(badChecks["metadata"].Passed, badOut);
        Assert.True(badChecks["artifact"].Passed, badOut);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
    }
}
