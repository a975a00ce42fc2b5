using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using TrustScore.Serving;
using TrustScore.Serving.Grpc.V1;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>
/// The gRPC health check and scores across a hot swap and a refused swap: while the pointer
/// moves, every answer comes from one verified model (its version, its keeper hash, its bits)
/// and health is never UNHEALTHY; after a refused target, health is DEGRADED naming the refusal
/// while the old model keeps scoring; back on the served target, HEALTHY again.
/// </summary>
public sealed class GrpcHealthSwapTests
{
    [Fact]
    public async Task HealthAndScores_DuringAHotSwap_AndAfterARefusedSwap()
    {
        using var temp = new TempDirectory("serve-grpc-swap");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 61);
        versions.Publish("v2", seed: 62);
        string tampered = versions.Publish("v3", seed: 63);
        VersionDirectoryFixture.FlipBit(Path.Combine(tampered, "model", "model.onnx"), byteIndex: 200);
        versions.Activate("v1");

        float[] row = ServingVersions.RandomRows(1, seed: 64);
        var expectedBits = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["v1"] = BitConverter.SingleToInt32Bits(versions.ReferenceScorer("v1").Score(row)),
            ["v2"] = BitConverter.SingleToInt32Bits(versions.ReferenceScorer("v2").Score(row)),
        };
        var keeper = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["v1"] = KeeperHashOracle.Of(Path.Combine(versions.Registry, "v1", "model")),
            ["v2"] = KeeperHashOracle.Of(Path.Combine(versions.Registry, "v2", "model")),
        };
        Assert.NotEqual(expectedBits["v1"], expectedBits["v2"]);

        await using var server = await ScoringServer.StartAsync(
            new ServeOptions
            {
                ActivePath = versions.ActivePath,
                RegistryRoot = versions.Registry,
                Keys = versions.Keys,
                Urls = ["http://127.0.0.1:0"],
                GrpcUrls = ["http://127.0.0.1:0"],
                PollInterval = TimeSpan.FromMilliseconds(50),
            },
            TextWriter.Synchronized(new StringWriter()),
            TimeProvider.System);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddresses[0]);
        var client = new InferenceService.InferenceServiceClient(channel);
        var request = new ComputeScoreRequest();
        request.Features.AddRange(row);

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<HealthStatus, int>();
        using var stop = new CancellationTokenSource();

        async Task Probe()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    HealthCheckResponse health = await client.HealthCheckAsync(new HealthCheckRequest());
                    statuses.AddOrUpdate(health.Status, 1, (_, n) => n + 1);
                    if (health.Status is not (HealthStatus.Healthy or HealthStatus.Degraded) || !health.ModelLoaded || keeper.GetValueOrDefault(health.ModelVersion) != health.ModelHash)
                    {
                        failures.Enqueue($"health {health}");
                    }

                    ComputeScoreResponse score = await client.ComputeScoreAsync(request);
                    if (!expectedBits.TryGetValue(score.ModelVersion, out int bits) || bits != BitConverter.SingleToInt32Bits(score.RawScore) || keeper[score.ModelVersion] != score.ModelHash)
                    {
                        failures.Enqueue($"score {score}");
                    }
                }
                catch (RpcException ex)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        }

        Task[] probes = [Probe(), Probe()];
        await Task.Delay(200);
        versions.Activate("v2");
        await WaitUntil(() => server.Models.Current.Version == "v2");
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(probes);
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(5)));
        Assert.True(statuses.GetValueOrDefault(HealthStatus.Healthy) > 0);

        HealthCheckResponse swapped = await client.HealthCheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthStatus.Healthy, swapped.Status);
        Assert.Equal("v2", swapped.ModelVersion);

        versions.Activate("v3");
        await WaitUntil(() => server.Metrics.RefusedSwaps == 1);
        HealthCheckResponse refused = await client.HealthCheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthStatus.Degraded, refused.Status);
        Assert.Equal("v2", refused.ModelVersion);
        Assert.Equal(keeper["v2"], refused.ModelHash);
        Assert.Contains("Refused v3", refused.ErrorMessage, StringComparison.Ordinal);
        ComputeScoreResponse still = await client.ComputeScoreAsync(request);
        Assert.Equal(expectedBits["v2"], BitConverter.SingleToInt32Bits(still.RawScore));

        versions.Activate("v2");
        await WaitUntil(() => client.HealthCheck(new HealthCheckRequest()).Status == HealthStatus.Healthy);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the server");
            await Task.Delay(25);
        }
    }
}
