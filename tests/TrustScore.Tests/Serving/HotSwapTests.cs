using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.Signing;
using TrustScore.Verification;
using TrustScore.Serving;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>
/// Hot swap under load: clients score continuously while the active
/// pointer is switched back and forth and once to a tampered version. Every response must come
/// from a verified model with that model's exact scores; none may fail; the tampered target is
/// refused (counted, logged, audited) and the old model keeps serving.
/// </summary>
public sealed class HotSwapTests
{
    private const int Rows = 4;

    [Fact]
    public async Task SwitchingThePointerUnderLoad_EveryResponseIsFromAVerifiedModel_AndTheTamperedOneIsRefused()
    {
        using var temp = new TempDirectory("serve-swap");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 21);
        versions.Publish("v2", seed: 22);
        string tampered = versions.Publish("v3", seed: 23);
        VersionDirectoryFixture.FlipBit(Path.Combine(tampered, "model", "model.onnx"), byteIndex: 200);
        versions.Activate("v1");

        float[] x = ServingVersions.RandomRows(Rows, seed: 9);
        var expected = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (string v in new[] { "v1", "v2" })
        {
            var y = new float[Rows];
            versions.ReferenceScorer(v).Score(x, Rows, y);
            expected[v] = [.. y.Select(BitConverter.SingleToInt32Bits)];
        }

        Assert.NotEqual(expected["v1"], expected["v2"]);
        var log = new StringWriter();
        await using var server = await ScoringServer.StartAsync(
            new ServeOptions
            {
                ActivePath = versions.ActivePath,
                RegistryRoot = versions.Registry,
                Keys = versions.Keys,
                Urls = ["http://127.0.0.1:0"],
                PollInterval = TimeSpan.FromMilliseconds(50),
                Actor = "serve-test",
            },
            TextWriter.Synchronized(log),
            TimeProvider.System);

        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        string tfBody = ServingVersions.TfBody(x, Rows);
        string v2Body = ServingVersions.V2Body(x, Rows);
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        long responses = 0;

        async Task ClientLoop(bool openInference)
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsync(
                    openInference ? "/v2/models/trust_score/infer" : "/v1/models/trust_score:predict",
                    new StringContent(openInference ? v2Body : tfBody, Encoding.UTF8, "application/json"));
                string text = await response.Content.ReadAsStringAsync();
                Interlocked.Increment(ref responses);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {text}");
                    continue;
                }

                string version = response.Headers.GetValues("TrustScore-Model-Version").Single();
                using var json = JsonDocument.Parse(text);
                var root = json.RootElement;
                int[] bits = openInference
                    ? [.. root.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => BitConverter.SingleToInt32Bits(v.GetSingle()))]
                    : [.. root.GetProperty("predictions").EnumerateArray().Select(p => BitConverter.SingleToInt32Bits(p[0].GetSingle()))];
                if (root.GetProperty("model_version").GetString() != version)
                {
                    failures.Enqueue($"header says {version}, body says {root.GetProperty("model_version").GetString()}");
                }
                else if (!expected.TryGetValue(version, out int[]? want))
                {
                    failures.Enqueue($"a response came from {version}, which is not a verified model");
                }
                else if (!want.SequenceEqual(bits))
                {
                    failures.Enqueue($"scores from {version} differ from that model's own scorer");
                }

                seen.AddOrUpdate(version, 1, (_, n) => n + 1);
            }
        }

        Task[] clients = [ClientLoop(false), ClientLoop(true)];
        await WaitFor(() => Interlocked.Read(ref responses) > 20, "the clients to start");

        versions.Activate("v2");
        await WaitFor(() => server.Models.Current.Version == "v2", "the swap to v2");
        await Settle(() => seen.GetValueOrDefault("v2") > 5);
        versions.Activate("v1");
        await WaitFor(() => server.Models.Current.Version == "v1", "the swap back to v1");
        long before = Interlocked.Read(ref responses);
        versions.Activate("v3");
        await WaitFor(() => server.Metrics.RefusedSwaps == 1, "the tampered v3 to be refused");
        await Settle(() => Interlocked.Read(ref responses) > before + 20);
        Assert.Equal("v1", server.Models.Current.Version);
        versions.Activate("v2");
        await WaitFor(() => server.Models.Current.Version == "v2", "the swap to v2 after the refusal");
        await Settle(() => seen.GetValueOrDefault("v2") > 10 && server.Metrics.Swaps == 3);

        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.Equal(["v1", "v2"], seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, server.Metrics.Swaps);
        Assert.Equal(1, server.Metrics.RefusedSwaps);
        Assert.Contains("swap refused: Refused v3", log.ToString(), StringComparison.Ordinal);

        using var metrics = await client.GetAsync("/metrics");
        string text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("trustscore_model_swaps_total 3", text, StringComparison.Ordinal);
        Assert.Contains("trustscore_model_swaps_refused_total 1", text, StringComparison.Ordinal);
        Assert.Contains("trustscore_active_model{version=\"v2\"", text, StringComparison.Ordinal);

        // The audit entry is appended after the swap completes; stopping waits for the watcher.
        await server.StopAsync();
        var audit = AuditLog.Open(versions.Registry);
        var entries = audit.Read().Select(r => r.Entry).Where(e => e.Action == ActiveModelWatcher.SwapAction).ToList();
        Assert.Equal(
            [("v2", AuditOutcome.Succeeded), ("v1", AuditOutcome.Succeeded), ("v3", AuditOutcome.Refused), ("v2", AuditOutcome.Succeeded)],
            entries.Select(e => (e.ToVersion, e.Outcome)));
        Assert.Contains(entries[2].Verification, c => !c.Passed);
        Assert.True(audit.Verify().Valid);
    }

    [Fact]
    public async Task StartingOnATamperedActiveModel_IsRefused_AndAudited()
    {
        using var temp = new TempDirectory("serve-tampered");
        var versions = new ServingVersions(temp.Path);
        string dir = versions.Publish("v1", seed: 31);
        VersionDirectoryFixture.FlipBit(Path.Combine(dir, "model", "conformance.json"), byteIndex: 40);
        versions.Activate("v1");

        var ex = await Assert.ThrowsAsync<VerificationFailedException>(() => ScoringServer.StartAsync(
            new ServeOptions { ActivePath = versions.ActivePath, Keys = versions.Keys, Urls = ["http://127.0.0.1:0"] }, TextWriter.Null, TimeProvider.System));
        Assert.Contains("v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("digest", ex.Message, StringComparison.Ordinal);
        var last = AuditLog.Open(versions.Registry).Read()[^1].Entry;
        Assert.Equal((ActiveModelWatcher.StartAction, AuditOutcome.Refused, "v1"), (last.Action, last.Outcome, last.ToVersion));
    }

    [Fact]
    public async Task AVersionSignedWithAnotherKey_IsRefused()
    {
        using var temp = new TempDirectory("serve-foreign");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 41);
        versions.Activate("v1");
        var other = KeyGenerator.Generate(temp.Combine("other-keys"));

        await using var server = await ScoringServer.StartAsync(
            new ServeOptions { ActivePath = versions.ActivePath, RegistryRoot = versions.Registry, Keys = versions.Keys, Urls = ["http://127.0.0.1:0"], PollInterval = TimeSpan.FromHours(1) },
            TextWriter.Null,
            TimeProvider.System);

        // Published without a key check, as an operator without keys could; the service still refuses it.
        string foreign = ServingVersions.WriteSignedVersion(temp.Combine("foreign"), "v2", ServingVersions.RandomWeights(ServingVersions.SmallWidths, 42), other.PrivateKeyPath);
        new Publisher(new LocalRegistry(versions.Registry, TimeProvider.System, "x"), AuditLog.Open(versions.Registry), TimeProvider.System)
            .Publish(new PublishOptions(foreign, "x"));
        // The pointer watcher may run the same check first, so the outcome is asserted on the
        // service's state and counters rather than on which caller saw "Refused".
        versions.Activate("v2");
        server.Models.Check();
        Assert.Equal(1, server.Metrics.RefusedSwaps);
        Assert.Equal(PointerCheck.Unchanged, server.Models.Check()); // not re-verified until the pointer moves
        Assert.Equal(1, server.Metrics.RefusedSwaps);
        Assert.Equal("v1", server.Models.Current.Version);
        var refusal = AuditLog.Open(versions.Registry).Read()[^1].Entry;
        Assert.Contains(refusal.Verification, c => c.Name == VersionVerifier.SignatureCheck && !c.Passed);

        versions.Activate("v1");
        Assert.Equal(PointerCheck.Unchanged, server.Models.Check());
        versions.Activate("v2");
        server.Models.Check();
        Assert.Equal(2, server.Metrics.RefusedSwaps);
        Assert.Equal("v1", server.Models.Current.Version);
    }

    [Fact]
    public async Task APointerOutsideTheConfiguredRegistry_IsRefused()
    {
        using var temp = new TempDirectory("serve-outside");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 61);
        versions.Activate("v1");
        var elsewhere = new ServingVersions(temp.Combine("elsewhere"));
        string stray = elsewhere.Publish("v2", seed: 62);

        await using var server = await ScoringServer.StartAsync(
            new ServeOptions { ActivePath = versions.ActivePath, RegistryRoot = versions.Registry, Urls = ["http://127.0.0.1:0"], PollInterval = TimeSpan.FromHours(1) },
            TextWriter.Null,
            TimeProvider.System);
        new TrustScore.Rollback.ActivePointer(versions.ActivePath).SwitchTo(stray);
        Assert.Equal(PointerCheck.Refused, server.Models.Check());
        Assert.Equal("v1", server.Models.Current.Version);
        Assert.Contains("is not a version in the registry", AuditLog.Open(versions.Registry).Read()[^1].Entry.Message, StringComparison.Ordinal);

        File.Delete(versions.ActivePath);
        Assert.Equal(PointerCheck.PointerUnreadable, server.Models.Check());
        Assert.Equal("v1", server.Models.Current.Version);
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>Lets the clients run on the current model for a while.</summary>
    private static Task Settle(Func<bool> condition) => WaitFor(condition, "the clients to score on the current model");
}
