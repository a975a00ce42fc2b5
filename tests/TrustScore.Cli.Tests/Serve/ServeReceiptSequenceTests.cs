using System.Text;
using System.Text.Json;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Tests.Serving;

namespace TrustScore.Cli.Tests.Serve;

/// <summary>
/// The receipt signer sequence survives kill -9 of a real <c>trustscore serve</c> process: the
/// restarted service starts above every number the killed one could have issued, so no
/// <c>signer_sequence</c> is ever issued twice.
/// </summary>
public sealed class ServeReceiptSequenceTests
{
    [Fact]
    public async Task After_kill_minus_9_the_restarted_service_never_reuses_a_sequence_number()
    {
        using var temp = new TempDirectory("cli-serve-receipts");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 61);
        versions.Activate("v1");
        KeygenResult key = KeyGenerator.Generate(temp.Combine("receipt-keys"), SigningKeyAlgorithm.Ed25519, "receipts");
        float[] row = ServingVersions.RandomRows(1, seed: 9);

        var issued = new List<ulong>();
        ulong firstStart = 0;
        for (int run = 0; run < 3; run++)
        {
            using var serve = ServeChild.Start(
                ["--active", versions.ActivePath, "--registry", versions.Registry, "--public-key", versions.Key.PublicKeyPath,
                 "--urls", "http://127.0.0.1:0", "--grpc-urls", "none", "--receipt-key", key.PrivateKeyPath, "--chain-id", "virtengine-test-1", "--json"]);
            using (var started = await serve.ReadStartLineAsync(TimeSpan.FromSeconds(90)))
            {
                ulong start = started.RootElement.GetProperty("receipt_signer").GetProperty("first_sequence").GetUInt64();
                Assert.True(issued.Count == 0 || start > issued.Max(), $"run {run} starts at {start}, not above {(issued.Count > 0 ? issued.Max() : 0)}");
                firstStart = run == 0 ? start : firstStart;

                using var client = new HttpClient { BaseAddress = new Uri(started.RootElement.GetProperty("listening")[0].GetString()!) };
                for (int i = 0; i < 5; i++)
                {
                    using var response = await client.PostAsync("/v1/models/trust_score:predict", new StringContent(ServingVersions.TfBody(row, 1), Encoding.UTF8, "application/json"));
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    issued.Add(body.RootElement.GetProperty("receipt").GetProperty("signer_sequence").GetUInt64());
                }
            }

            // kill -9: no shutdown hook runs, nothing is flushed on the way out.
            await serve.SignalAndWaitAsync("-KILL", TimeSpan.FromSeconds(30));
            Assert.Equal(137, serve.Process.ExitCode); // 128 + SIGKILL: it really was killed
        }

        Assert.Equal(1UL, firstStart);
        Assert.Equal(15, issued.Count);
        Assert.Equal(issued.Count, issued.Distinct().Count());
        Assert.Equal(issued.Order(), issued); // strictly increasing across the three processes
    }
}
