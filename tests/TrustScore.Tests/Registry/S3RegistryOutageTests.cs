using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

/// <summary>
/// The S3 server failing mid-publish, on a private moto_server this class may pause and kill:
/// the publish fails cleanly (remote-failure exit code, no listed version), and a later publish
/// resumes or completes it.
/// </summary>
public sealed class S3RegistryOutageTests : IDisposable
{
    private const string Version = "v20250101_120000";

    private readonly TempDirectory temp = new("s3-outage");
    private MotoServer? privateServer;

    /// <summary>Started on first use, so a test that needs no server does not pay for one.</summary>
    private MotoServer Moto => privateServer ??= MotoServer.StartPrivate();

    public void Dispose()
    {
        privateServer?.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Publish_ServerStoppedMidUpload_FailsCleanly_ThenResumesAfterRestart()
    {
        using var s3 = new S3TestContext(Moto.Endpoint);
        string bucket = s3.CreateBucket();
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        int stored = 0;
        var stalling = s3.Options(bucket) with
        {
            MaxAttempts = 2,
            RequestTimeout = TimeSpan.FromSeconds(1),
            ObjectStored = _ =>
            {
                if (++stored == 2)
                {
                    Moto.Pause();
                }
            },
        };
        var clock = Stopwatch.StartNew();
        try
        {
            using var registry = new S3Registry(stalling);
            var failure = Assert.Throws<RemoteFailedException>(() => registry.Publish(dir, Version));
            Assert.Equal(ExitCode.RemoteFailed, failure.ExitCode);
            Assert.Contains(Moto.Endpoint, failure.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the failure took {clock.Elapsed}");
        }
        finally
        {
            Moto.Resume();
        }

        using var resumed = new S3Registry(s3.Options(bucket));
        Assert.Null(resumed.Find(Version));
        Assert.Empty(resumed.List());
        var partial = s3.Versions(bucket, S3TestContext.Prefix).ToDictionary(v => v.Key, v => v.VersionId);
        Assert.InRange(partial.Count, 2, 3);

        var result = resumed.Publish(dir, Version);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(root, result.RootDigest);
        var after = s3.Versions(bucket, S3TestContext.Prefix);
        foreach (var (key, versionId) in partial)
        {
            Assert.Equal(versionId, after.Single(v => v.Key == key).VersionId);
        }

        Assert.True(resumed.VerifyVersion(Version).Passed);
    }

    [Fact]
    public async Task Publish_ServerStallsBriefly_RetriesWithBackoff_AndSucceeds()
    {
        using var s3 = new S3TestContext(Moto.Endpoint);
        string bucket = s3.CreateBucket();
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        Task? resume = null;
        int stored = 0;
        var stalling = s3.Options(bucket) with
        {
            MaxAttempts = 8,
            RequestTimeout = TimeSpan.FromSeconds(1),
            ObjectStored = _ =>
            {
                if (++stored == 1)
                {
                    Moto.Pause();
                    resume = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => Moto.Resume(), TaskScheduler.Default);
                }
            },
        };
        using var registry = new S3Registry(stalling);

        var result = registry.Publish(dir, Version);

        Assert.NotNull(resume);
        await resume!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(root, result.RootDigest);
        Assert.True(registry.VerifyVersion(Version).Passed);
    }

    [Fact]
    public async Task Publish_ServerKilledMidUpload_FailsCleanly_ThenSucceedsOnRestartedServer()
    {
        var (dir, root) = S3TestVersions.Write(temp.Path, Version);
        string bucket;
        using (var s3 = new S3TestContext(Moto.Endpoint))
        {
            bucket = s3.CreateBucket();
            var killing = s3.Options(bucket) with { ObjectStored = _ => Moto.Kill() };
            using var registry = new S3Registry(killing);
            var failure = Assert.Throws<RemoteFailedException>(() => registry.Publish(dir, Version));
            Assert.Contains("after 3 attempt(s)", failure.Message, StringComparison.Ordinal);
        }

        // moto keeps state in memory only: the restarted server is empty, so the bucket is made again.
        Moto.Restart();
        using var fresh = new S3TestContext(Moto.Endpoint);
        await fresh.Raw.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        using var again = new S3Registry(fresh.Options(bucket));

        var result = again.Publish(dir, Version);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(root, again.Find(Version)!.RootDigest);
    }

    /// <summary>
    /// moto killed while an object's bytes are on the wire: a single PUT of 5 MiB, or part 2 of a
    /// multipart upload. The server is paused (SIGSTOP) right after the previous object or part
    /// is stored, so the next request is in flight when it is killed (SIGKILL); moto keeps no
    /// state across restarts, so the bucket is made again and the publish is run again.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_ServerKilledDuringAnObjectUpload_FailsCleanly_ThenPublishesOnTheRestartedServer(bool multipart)
    {
        var (dir, root) = S3TestVersions.Write(temp.Path, Version, S3TestVersions.Bytes((5 * 1024 * 1024) + 1024, seed: 3));
        const string Large = "model/weights.bin";
        var order = S3PublishSource.Read(dir, Version).Files.Select(f => f.Name).ToList();
        string beforeLarge = order[order.IndexOf(Large) - 1];
        Task? killed = null;
        void PauseThenKill()
        {
            Moto.Pause();
            killed = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                Moto.Kill();
            });
        }

        string bucket;
        using (var s3 = new S3TestContext(Moto.Endpoint))
        {
            bucket = s3.CreateBucket();
            var options = s3.Options(bucket) with
            {
                MaxAttempts = 2,
                RequestTimeout = TimeSpan.FromSeconds(20),
                MultipartThresholdBytes = multipart ? S3RegistryOptions.MinimumPartSizeBytes : 64L * 1024 * 1024,
                PartSizeBytes = S3RegistryOptions.MinimumPartSizeBytes,
                ObjectStored = name =>
                {
                    if (!multipart && name == beforeLarge)
                    {
                        PauseThenKill();
                    }
                },
                PartStored = (name, part) =>
                {
                    if (multipart && name == Large && part == 1)
                    {
                        PauseThenKill();
                    }
                },
            };
            using var registry = new S3Registry(options);
            var clock = Stopwatch.StartNew();

            var failure = Assert.Throws<RemoteFailedException>(() => registry.Publish(dir, Version));

            Assert.NotNull(killed);
            await killed!.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(multipart ? $"UploadPart 2 of {S3TestContext.Prefix}/{Version}/{Large}" : Large, failure.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the failure took {clock.Elapsed}");
        }

        Moto.Restart();
        using var fresh = new S3TestContext(Moto.Endpoint);
        await fresh.Raw.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        using var again = new S3Registry(fresh.Options(bucket) with
        {
            MultipartThresholdBytes = multipart ? S3RegistryOptions.MinimumPartSizeBytes : 64L * 1024 * 1024,
            PartSizeBytes = S3RegistryOptions.MinimumPartSizeBytes,
        });
        Assert.Null(again.Find(Version));

        var result = again.Publish(dir, Version);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(root, again.Find(Version)!.RootDigest);
        Assert.True(again.VerifyVersion(Version).Passed);
    }

    [Fact]
    public void Publish_NoServerListening_IsRemoteFailure()
    {
        var (dir, _) = S3TestVersions.Write(temp.Path, Version);
        MotoServer.UseTestCredentials();
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var s3 = new S3TestContext($"http://127.0.0.1:{port}");
        using var registry = new S3Registry(s3.Options("ts-nowhere"));

        var failure = Assert.Throws<RemoteFailedException>(() => registry.Publish(dir, Version));

        Assert.Equal(ExitCode.RemoteFailed, failure.ExitCode);
        Assert.Contains("GetObjectLockConfiguration", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
    }
}
