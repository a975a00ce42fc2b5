using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

/// <summary>
/// The S3 registry against a real moto_server: Object Lock on every object,
/// write-once conflicts, unlocked buckets refused, tampering caught by verification.
/// </summary>
[Collection(S3MotoCollection.Name)]
public sealed class S3RegistryTests(MotoServer moto) : IDisposable
{
    private const string Version = "v20250101_120000";

    private readonly TempDirectory temp = new("s3-registry");
    private readonly S3TestContext s3 = new(moto.Endpoint);

    public void Dispose()
    {
        s3.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Publish_LargeModel_EveryObjectCarriesComplianceRetention_AndCannotBeDeleted()
    {
        string bucket = s3.CreateBucket();
        // 5 MiB + 1 KiB with a 5 MiB threshold: weights.bin goes up as a two-part multipart upload.
        var (dir, root) = S3TestVersions.Write(temp.Path, Version, S3TestVersions.Bytes((5 * 1024 * 1024) + 1024, seed: 1));
        var options = s3.Options(bucket) with { MultipartThresholdBytes = S3RegistryOptions.MinimumPartSizeBytes, PartSizeBytes = S3RegistryOptions.MinimumPartSizeBytes };
        var before = DateTime.UtcNow;
        using var registry = new S3Registry(options);

        var result = registry.Publish(dir, Version);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(root, result.RootDigest);
        Assert.Equal($"s3://{bucket}/{S3TestContext.Prefix}/{Version}/", result.Location);
        Assert.Equal($"s3://{bucket}/{S3TestContext.Prefix}/{Version}/trust_score_{Version}.tar.gz", result.ArtifactUrl);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(ReproducibleArchive.Create(dir, Version))), result.ArchiveDigest);
        var objects = s3.Versions(bucket, $"{S3TestContext.Prefix}/{Version}/");
        var expectedKeys = new[]
        {
            "export_metadata.json", "manifest.json", "metadata.json", "publish_claim.json", $"trust_score_{Version}.tar.gz",
            "model/d0/f00", "model/d0/f01", "model/d0/f02", "model/d1/f10", "model/d1/f11", "model/d1/f12",
            "model/f0", "model/f1", "model/f2", "model/f3", "model/weights.bin",
        }.Select(k => $"{S3TestContext.Prefix}/{Version}/{k}").Order(StringComparer.Ordinal);
        Assert.Equal(expectedKeys, objects.Select(o => o.Key).Order(StringComparer.Ordinal));
        foreach (var obj in objects)
        {
            var head = await s3.Raw.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = obj.Key, VersionId = obj.VersionId });
            Assert.True(head.ObjectLockMode == ObjectLockMode.Compliance, $"{obj.Key} has lock mode '{head.ObjectLockMode?.Value}'");
            Assert.NotNull(head.ObjectLockRetainUntilDate);
            var until = head.ObjectLockRetainUntilDate!.Value.ToUniversalTime();
            Assert.InRange(until, before.AddDays(1).AddMinutes(-5), DateTime.UtcNow.AddDays(1).AddMinutes(5));

            var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
                s3.Raw.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = obj.Key, VersionId = obj.VersionId }));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(objects.Count, s3.Versions(bucket, $"{S3TestContext.Prefix}/{Version}/").Count);
        var check = registry.VerifyVersion(Version);
        Assert.True(check.Passed, string.Join("; ", check.Problems));
        Assert.Equal(root, check.ActualRootDigest);
    }

    [Fact]
    public async Task Publish_GovernanceMode_LocksInGovernance_AndDeleteWithoutBypassIsRefused()
    {
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket) with { RetentionMode = S3RetentionMode.Governance });

        registry.Publish(dir, Version);

        var manifest = s3.Versions(bucket, $"{S3TestContext.Prefix}/{Version}/manifest.json").Single();
        var head = await s3.Raw.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = manifest.Key, VersionId = manifest.VersionId });
        Assert.Equal(ObjectLockMode.Governance, head.ObjectLockMode);
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            s3.Raw.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = manifest.Key, VersionId = manifest.VersionId }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("GOVERNANCE", registry.FindMetadata(Version)!.LockMode);
    }

    [Fact]
    public async Task Publish_VersionTakenFromALocalRegistry_RebuildsMetadataAndArchive()
    {
        string bucket = s3.CreateBucket();
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        byte[] archive = ReproducibleArchive.Create(dir, Version);
        File.WriteAllText(Path.Combine(dir, "metadata.json"), "{\"format\":\"written by the local registry\"}");
        File.WriteAllBytes(Path.Combine(dir, $"trust_score_{Version}.tar.gz"), archive);
        using var registry = new S3Registry(s3.Options(bucket));

        var result = registry.Publish(dir, Version);

        Assert.Equal(root, result.RootDigest);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive)), result.ArchiveDigest);
        var metadata = registry.FindMetadata(Version)!;
        Assert.DoesNotContain(metadata.Files, f => f.Name == "metadata.json");

        // The S3 metadata.json is a superset of the local one: the local reader reads it.
        using var get = await s3.Raw.GetObjectAsync(bucket, $"{S3TestContext.Prefix}/{Version}/metadata.json");
        string downloaded = temp.Combine("downloaded-metadata.json");
        await using (var file = File.Create(downloaded))
        {
            await get.ResponseStream.CopyToAsync(file);
        }

        var local = VersionMetadata.Read(downloaded);
        Assert.Equal(Version, local.Version);
        Assert.Equal(root, local.RootDigest);
        Assert.Equal($"trust_score_{Version}.tar.gz", local.Archive);
        Assert.Equal(result.ArchiveDigest, local.ArchiveDigest);
        Assert.Equal("tester@ci", local.Publisher);
    }

    [Fact]
    public void Publish_IdenticalTwice_SecondReportsAlreadyPublishedIdentical_AndWritesNothing()
    {
        string bucket = s3.CreateBucket();
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket));
        registry.Publish(dir, Version);
        var before = s3.Versions(bucket, S3TestContext.Prefix).Select(v => v.VersionId).Order(StringComparer.Ordinal).ToList();

        var again = registry.Publish(dir, Version);

        Assert.Equal(PublishOutcome.AlreadyPublishedIdentical, again.Outcome);
        Assert.Equal(root, again.RootDigest);
        Assert.Equal(before, s3.Versions(bucket, S3TestContext.Prefix).Select(v => v.VersionId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Publish_DifferentModelUnderPublishedVersion_IsImmutabilityConflict_AndNothingChanges()
    {
        string bucket = s3.CreateBucket();
        var (first, root) = S3TestVersions.Write(temp.Combine("a"), Version, S3TestVersions.Bytes(1000, seed: 1));
        var (second, _) = S3TestVersions.Write(temp.Combine("b"), Version, S3TestVersions.Bytes(1000, seed: 2));
        using var registry = new S3Registry(s3.Options(bucket));
        registry.Publish(first, Version);
        var before = s3.Versions(bucket, S3TestContext.Prefix).Select(v => v.VersionId).Order(StringComparer.Ordinal).ToList();

        var conflict = Assert.Throws<ImmutabilityConflictException>(() => registry.Publish(second, Version));

        Assert.Equal(ExitCode.ImmutabilityConflict, conflict.ExitCode);
        Assert.Contains("model/weights.bin", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(before, s3.Versions(bucket, S3TestContext.Prefix).Select(v => v.VersionId).Order(StringComparer.Ordinal));
        Assert.Equal(root, registry.Find(Version)!.RootDigest);
    }

    [Fact]
    public void Publish_OverAnIncompleteVersionOfAnotherModel_Gets412OnTheClaim_AndWritesNothing()
    {
        string bucket = s3.CreateBucket();
        var (first, _) = S3TestVersions.Write(temp.Combine("a"), Version, S3TestVersions.Bytes(1000, seed: 1));
        var (second, _) = S3TestVersions.Write(temp.Combine("b"), Version, S3TestVersions.Bytes(1000, seed: 2));
        // The first publisher dies after its first object: the version is claimed but incomplete.
        using (var dying = new S3Registry(s3.Options(bucket) with { ObjectStored = _ => throw new S3SimulatedCrashException() }))
        {
            Assert.Throws<S3SimulatedCrashException>(() => dying.Publish(first, Version));
        }

        var before = s3.Versions(bucket, S3TestContext.Prefix).Select(v => v.VersionId).Order(StringComparer.Ordinal).ToList();
        using var registry = new S3Registry(s3.Options(bucket));

        var conflict = Assert.Throws<ImmutabilityConflictException>(() => registry.Publish(second, Version));

        Assert.Contains(S3Registry.ClaimFileName, conflict.Message, StringComparison.Ordinal);
        Assert.Equal(before, s3.Versions(bucket, S3TestContext.Prefix).Select(v => v.VersionId).Order(StringComparer.Ordinal));
        Assert.Null(registry.Find(Version));
    }

    [Fact]
    public async Task Publish_OverAnObjectWrittenOutsideTheTool_Gets412_AndReportsConflict()
    {
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        string key = $"{S3TestContext.Prefix}/{Version}/manifest.json";
        await s3.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "{\"not\":\"ours\"}" });
        using var registry = new S3Registry(s3.Options(bucket));

        var conflict = Assert.Throws<ImmutabilityConflictException>(() => registry.Publish(dir, Version));

        Assert.Contains("manifest.json is already there with different bytes", conflict.Message, StringComparison.Ordinal);
        Assert.Null(registry.Find(Version));
        Assert.Single(s3.Versions(bucket, key));
    }

    [Fact]
    public void Publish_ToBucketWithoutObjectLock_IsRefused_AndWritesNothing()
    {
        string bucket = s3.CreateBucket(objectLock: false);
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket));

        var refused = Assert.Throws<BadInputException>(() => registry.Publish(dir, Version));

        Assert.Contains("does not have Object Lock enabled", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-unlocked-bucket", refused.Message, StringComparison.Ordinal);
        Assert.Empty(s3.Versions(bucket, string.Empty));
    }

    [Fact]
    public void Publish_ToBucketWithoutObjectLock_WithOverride_PublishesAndRecordsTheOverride()
    {
        string bucket = s3.CreateBucket(objectLock: false);
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket) with { AllowUnlockedBucket = true });

        var result = registry.Publish(dir, Version);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        var metadata = registry.FindMetadata(Version)!;
        Assert.True(metadata.UnlockedBucketOverride);
        Assert.Null(metadata.LockMode);
        Assert.Equal(root, metadata.RootDigest);
        Assert.True(registry.VerifyVersion(Version).Passed);
    }

    [Fact]
    public async Task VerifyVersion_ObjectOverwrittenBehindTheToolsBack_IsCaught()
    {
        string bucket = s3.CreateBucket();
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket));
        registry.Publish(dir, Version);
        Assert.True(registry.VerifyVersion(Version).Passed);

        // A new object version over a locked one is allowed by S3: the lock protects old versions,
        // not the key. Only re-hashing what S3 now serves notices.
        await s3.Raw.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"{S3TestContext.Prefix}/{Version}/model/f0",
            InputStream = new MemoryStream(Encoding.ASCII.GetBytes("This is file f0 in root!")),
        });

        var check = registry.VerifyVersion(Version);

        Assert.False(check.Passed);
        Assert.Equal(["model/f0"], check.Changed);
        Assert.Equal(root, check.ExpectedRootDigest);
        Assert.NotNull(check.ActualRootDigest);
        Assert.NotEqual(root, check.ActualRootDigest);
        var republish = Assert.Throws<VerificationFailedException>(() => registry.Publish(dir, Version));
        Assert.Contains("model/f0", republish.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyVersion_MetadataNamingAPathOutsideTheVersion_IsRefusedBeforeAnyDownload()
    {
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket));
        registry.Publish(dir, Version);
        string key = $"{S3TestContext.Prefix}/{Version}/metadata.json";
        using var get = await s3.Raw.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(get.ResponseStream);
        string tampered = (await reader.ReadToEndAsync()).Replace("\"name\": \"manifest.json\"", "\"name\": \"../../escaped.json\"", StringComparison.Ordinal);
        await s3.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = tampered });

        var failure = Assert.Throws<VerificationFailedException>(() => registry.VerifyVersion(Version));

        Assert.Contains("../../escaped.json", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "escaped.json")));
    }

    /// <summary>The S3 read-back applies the one keeper-hash rule (the check `verify` reports as keeper-hash).</summary>
    [Fact]
    public async Task VerifyVersion_ManifestWithAnotherKeeperHash_FailsTheKeeperHashCheck()
    {
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket));
        registry.Publish(dir, Version);
        string key = $"{S3TestContext.Prefix}/{Version}/manifest.json";
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "manifest.json")))!;
        string published = (string)manifest["keeper_hash"]!["hash"]!;
        manifest["keeper_hash"]!["hash"] = new string('0', 64);
        await s3.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = manifest.ToJsonString() });

        var check = registry.VerifyVersion(Version);

        Assert.False(check.Passed);
        Assert.Contains(check.Problems, p => p.StartsWith("keeper-hash: model/ hashes to " + published, StringComparison.Ordinal) && p.Contains(new string('0', 64), StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyVersion_ObjectHiddenByDeleteMarker_IsReportedMissing()
    {
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(bucket));
        registry.Publish(dir, Version);

        await s3.Raw.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = $"{S3TestContext.Prefix}/{Version}/manifest.json" });

        var check = registry.VerifyVersion(Version);
        Assert.False(check.Passed);
        Assert.Equal(["manifest.json"], check.Missing);
    }

    [Fact]
    public void Publish_BytesStoredDifferFromThoseHashed_ReadBackCatchesIt_AndVersionStaysUnpublished()
    {
        // moto stores whatever arrives under whatever checksum header came with it. Changing a file
        // after it was hashed but before it is sent produces exactly that: stored bytes that are not
        // the published ones. Only the read-back can notice.
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        string late = Path.Combine(dir, "model", "f3");
        using var registry = new S3Registry(s3.Options(bucket) with
        {
            ObjectStored = name =>
            {
                if (name == "export_metadata.json")
                {
                    File.WriteAllText(late, "This is file f3 in r00t.");
                }
            },
        });

        var failure = Assert.Throws<VerificationFailedException>(() => registry.Publish(dir, Version));

        Assert.Contains("model/f3", failure.Message, StringComparison.Ordinal);
        Assert.Null(registry.Find(Version));
        Assert.Empty(s3.Versions(bucket, $"{S3TestContext.Prefix}/{Version}/metadata.json"));
    }

    [Fact]
    public async Task List_AVersionWithUnreadableMetadata_IsListedWithItsProblem_AndTheOthersStillShow()
    {
        string bucket = s3.CreateBucket();
        var (good, goodRoot) = S3TestVersions.Write(temp.Path, "v1");
        var (bad, _) = S3TestVersions.Write(temp.Path, "v2", S3TestVersions.Bytes(10, seed: 5));
        using var registry = new S3Registry(s3.Options(bucket));
        registry.Publish(good, "v1");
        registry.Publish(bad, "v2");
        string key = $"{S3TestContext.Prefix}/v2/metadata.json";
        await s3.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "{\"format\":\"not ours\"}" });

        var list = registry.List();

        Assert.Equal(["v1", "v2"], list.Select(e => e.Version).Order(StringComparer.Ordinal));
        var listedGood = list.Single(e => e.Version == "v1");
        Assert.Null(listedGood.Problem);
        Assert.Equal(goodRoot, listedGood.RootDigest);
        var listedBad = list.Single(e => e.Version == "v2");
        Assert.Equal(RegistryEntry.Unknown, listedBad.RootDigest);
        Assert.Contains("format 'not ours'", listedBad.Problem, StringComparison.Ordinal);
        Assert.Contains($"s3://{bucket}/{key}", listedBad.Problem, StringComparison.Ordinal);

        // Asked for by name, the version is still refused with the same sentence.
        var refused = Assert.Throws<VerificationFailedException>(() => registry.Find("v2"));
        Assert.Equal(listedBad.Problem, refused.Message);
    }

    [Fact]
    public void List_ShowsOnlyCompleteVersions_NewestPublishedFirst_WithMetrics()
    {
        string bucket = s3.CreateBucket();
        // Retain-until dates follow this clock, so it starts at the real time (moto refuses past dates).
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        // Retry delays run on this clock too and nothing advances it while a request waits: one attempt each.
        var options = s3.Options(bucket) with { MaxAttempts = 1 };
        var (older, _) = S3TestVersions.Write(temp.Path, "v1", r2: 0.9, mae: 4);
        var (newer, newerRoot) = S3TestVersions.Write(temp.Path, "v0_newer", S3TestVersions.Bytes(10, seed: 3), r2: 0.95, mae: 2.5);
        var (incomplete, _) = S3TestVersions.Write(temp.Path, "v2_incomplete");
        using var registry = new S3Registry(options, clock);
        registry.Publish(older, "v1");
        clock.Advance(TimeSpan.FromHours(1));
        registry.Publish(newer, "v0_newer");
        using (var dying = new S3Registry(options with { ObjectStored = _ => throw new S3SimulatedCrashException() }, clock))
        {
            Assert.Throws<S3SimulatedCrashException>(() => dying.Publish(incomplete, "v2_incomplete"));
        }

        var list = registry.List();

        Assert.Equal(["v0_newer", "v1"], list.Select(e => e.Version));
        var top = list[0];
        Assert.Equal(newerRoot, top.RootDigest);
        Assert.Equal(start.AddHours(1), top.PublishedAt);
        Assert.Equal("tester@ci", top.Publisher);
        Assert.Equal(0.95, top.R2);
        Assert.Equal(2.5, top.Mae);
        Assert.Equal($"s3://{bucket}/{S3TestContext.Prefix}/v0_newer/", top.Location);
        Assert.Null(registry.Find("v2_incomplete"));
        Assert.Null(registry.Find("v9_never"));
    }

    [Fact]
    public void Publish_AfterACrash_ResumesAndCompletesTheVersion()
    {
        string bucket = s3.CreateBucket();
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        int stored = 0;
        using (var dying = new S3Registry(s3.Options(bucket) with { ObjectStored = _ => { if (++stored == 3) { throw new S3SimulatedCrashException(); } } }))
        {
            Assert.Throws<S3SimulatedCrashException>(() => dying.Publish(dir, Version));
        }

        var partial = s3.Versions(bucket, S3TestContext.Prefix).ToDictionary(v => v.Key, v => v.VersionId);
        using var registry = new S3Registry(s3.Options(bucket));

        var result = registry.Publish(dir, Version);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(root, result.RootDigest);
        var after = s3.Versions(bucket, S3TestContext.Prefix);
        Assert.Equal(after.Count, after.Select(v => v.Key).Distinct().Count());
        foreach (var (key, versionId) in partial)
        {
            Assert.Equal(versionId, after.Single(v => v.Key == key).VersionId);
        }

        Assert.True(registry.VerifyVersion(Version).Passed);
    }

    [Fact]
    public void Publish_ManifestDigestDoesNotMatchModel_IsVerificationFailure_AndWritesNothing()
    {
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version, manifestRoot: new string('0', 64));
        using var registry = new S3Registry(s3.Options(bucket));

        var failure = Assert.Throws<VerificationFailedException>(() => registry.Publish(dir, Version));

        Assert.Contains("does not verify", failure.Message, StringComparison.Ordinal);
        Assert.Contains("model/ hashes to", failure.Message, StringComparison.Ordinal);
        Assert.Empty(s3.Versions(bucket, string.Empty));
    }

    [Fact]
    public void Publish_GatesNotPassed_IsRefused_AndWritesNothing()
    {
        string bucket = s3.CreateBucket();
        var (dir, _) = S3TestVersions.Write(temp.Path, Version, gatesPassed: false);
        using var registry = new S3Registry(s3.Options(bucket));

        Assert.Throws<GatesFailedException>(() => registry.Publish(dir, Version));
        Assert.Empty(s3.Versions(bucket, string.Empty));
    }

    [Fact]
    public void Publish_BucketDoesNotExist_IsBadInput()
    {
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        using var registry = new S3Registry(s3.Options(S3TestVersions.NewBucketName()));

        var failure = Assert.Throws<BadInputException>(() => registry.Publish(dir, Version));
        Assert.Contains("does not exist", failure.Message, StringComparison.Ordinal);
    }
}
