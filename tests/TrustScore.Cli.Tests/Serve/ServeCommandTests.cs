using System.Net;
using System.Text;
using System.Text.Json;
using TrustScore.Errors;
using TrustScore.TestSupport;
using TrustScore.Tests.Serving;

namespace TrustScore.Cli.Tests.Serve;

/// <summary><c>trustscore serve</c> as a child process: starts on a free port, scores, stops cleanly on SIGTERM.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_AnswersOnItsPort_ScoresLikeTheScorer_AndStopsWithExit0OnSigterm()
    {
        using var temp = new TempDirectory("cli-serve");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 51);
        versions.Activate("v1");

        using var serve = ServeChild.Start(
            ["--active", versions.ActivePath, "--registry", versions.Registry, "--public-key", versions.Key.PublicKeyPath, "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0", "--json"]);
        using var started = await serve.ReadStartLineAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("v1", started.RootElement.GetProperty("model_version").GetString());
        string url = started.RootElement.GetProperty("listening")[0].GetString()!;
        string grpcUrl = started.RootElement.GetProperty("grpc")[0].GetString()!;
        using (var channel = Grpc.Net.Client.GrpcChannel.ForAddress(grpcUrl))
        {
            var health = await new TrustScore.Serving.Grpc.V1.InferenceService.InferenceServiceClient(channel).HealthCheckAsync(new TrustScore.Serving.Grpc.V1.HealthCheckRequest());
            Assert.Equal(TrustScore.Serving.Grpc.V1.HealthStatus.Healthy, health.Status);
            Assert.Equal("v1", health.ModelVersion);
        }

        using var client = new HttpClient { BaseAddress = new Uri(url) };
        using (var ready = await client.GetAsync("/v2/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        float[] x = ServingVersions.RandomRows(3, seed: 8);
        var expected = new float[3];
        versions.ReferenceScorer("v1").Score(x, 3, expected);
        using (var response = await client.PostAsync("/v1/models/trust_score:predict", new StringContent(ServingVersions.TfBody(x, 3), Encoding.UTF8, "application/json")))
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(
                expected.Select(BitConverter.SingleToInt32Bits),
                json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => BitConverter.SingleToInt32Bits(p[0].GetSingle())));
        }

        // The Open Inference binary tensor data extension (docs/serving.md): JSON header, then the
        // rows as little-endian FP32; the outputs come back the same way.
        byte[] header = Encoding.UTF8.GetBytes("{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[3,768],\"parameters\":{\"binary_data_size\":9216}}],\"outputs\":[{\"name\":\"trust_score\",\"parameters\":{\"binary_data\":true}}]}");
        byte[] rows = new byte[x.Length * 4];
        for (int i = 0; i < x.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(rows.AsSpan(4 * i), x[i]);
        }

        using (var binary = new HttpRequestMessage(HttpMethod.Post, "/v2/models/trust_score/infer") { Content = new ByteArrayContent([.. header, .. rows]) })
        {
            binary.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await client.SendAsync(binary);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(body));
            int jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(jsonLength + 12, body.Length);
            Assert.Equal(
                expected.Select(BitConverter.SingleToInt32Bits),
                Enumerable.Range(0, 3).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(jsonLength + (4 * i)))));
        }

        await serve.SignalAndWaitAsync("-TERM", TimeSpan.FromSeconds(30));
        Assert.Equal((int)ExitCode.Ok, serve.Process.ExitCode);
        Assert.Contains("stopped: in-flight requests finished", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_RefusesToStartOnATamperedActiveModel_WithExit5()
    {
        using var temp = new TempDirectory("cli-serve-tampered");
        var versions = new ServingVersions(temp.Path);
        string dir = versions.Publish("v1", seed: 52);
        VersionDirectoryFixture.FlipBit(Path.Combine(dir, "model", "model.onnx"), byteIndex: 100);
        versions.Activate("v1");

        var result = CliProcess.Run(["serve", "--active", versions.ActivePath, "--public-key", versions.Key.PublicKeyPath, "--urls", "http://127.0.0.1:0"], timeout: TimeSpan.FromMinutes(2));
        Assert.Equal((int)ExitCode.VerificationFailed, result.ExitCode);
        Assert.Contains("does not verify, so the service did not start", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-batch", "0", "--max-batch is 0")]
    [InlineData("--urls", "ftp://127.0.0.1:1", "is not an http:// URL")]
    [InlineData("--grpc-urls", "https://127.0.0.1:1", "--grpc-urls: 'https://127.0.0.1:1' is not an http:// URL")]
    public void Serve_BadOptions_AreBadInputWithExit3(string option, string value, string expected)
    {
        using var temp = new TempDirectory("cli-serve-options");
        var result = CliProcess.Run(["serve", "--active", temp.Combine("active"), option, value], timeout: TimeSpan.FromMinutes(2));
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Contains(expected, result.StdErr, StringComparison.Ordinal);
    }
}
