using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Serving;
using TrustScore.Serving.Grpc.V1;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>
/// The VirtEngine node's sidecar protocols against a running server on a loopback port: the gRPC
/// client generated from the sidecar .proto (HTTP/2 without TLS), and the HTTP sidecar body as the
/// node's Go runtime builds it. Every hash is recomputed here, from its definition, without the
/// server's code.
/// </summary>
public sealed class GrpcSidecarTests(ServingServerFixture fixture) : IClassFixture<ServingServerFixture>
{
    private const int D = FeatureSchema.Dimension;

    private InferenceService.InferenceServiceClient Grpc => fixture.Grpc;

    [Fact]
    public async Task GetModelInfo_NamesTheVersion_AndTheKeeperHashOfModelDir()
    {
        GetModelInfoResponse info = await Grpc.GetModelInfoAsync(new GetModelInfoRequest());
        Assert.Equal("v1", info.Version);
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(fixture.Versions.Registry, "v1", "model")), info.Hash);
        Assert.Equal(D, info.InputDim);
        Assert.Equal(1, info.OutputDim);
        Assert.True(info.DeterminismConfig.ForceCpu);
        Assert.Equal(1, info.DeterminismConfig.IntraOpParallelism);
    }

    [Fact]
    public async Task ComputeScore_IsBitIdenticalToTheScorer_WithTheNodesFieldsAndHashes()
    {
        const int rows = 6;
        float[] x = ServingVersions.RandomRows(rows, seed: 31);
        Scorer reference = fixture.Versions.ReferenceScorer("v1");
        string keeper = KeeperHashOracle.Of(Path.Combine(fixture.Versions.Registry, "v1", "model"));
        Assert.Equal("trustscore-score/1:truncate:0-100", fixture.Server.Models.Current.Rule.Id); // the node's rule, sealed by the fixture
        var seenScores = new HashSet<uint>();
        for (int i = 0; i < rows; i++)
        {
            float[] row = x.AsSpan(i * D, D).ToArray();
            float expected = reference.Score(row);
            var request = new ComputeScoreRequest
            {
                Metadata = new InferenceMetadata { AccountAddress = "virtengine1abc", BlockHeight = 42, RequestId = $"r{i}", ValidatorAddress = "virtenginevaloper1xyz" },
                ReturnContributions = true,
            };
            request.Features.AddRange(row);

            ComputeScoreResponse response = await Grpc.ComputeScoreAsync(request);

            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(response.RawScore));
            Assert.Equal((uint)ServingVersions.NodeScore(expected), response.Score);
            float distance = Math.Abs(expected - 50f) / 50f;
            float confidence = Math.Clamp(0.5f + (distance * 0.4f), 0.3f, 0.95f);
            Assert.Equal(BitConverter.SingleToInt32Bits(confidence), BitConverter.SingleToInt32Bits(response.Confidence));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(row.AsSpan()))), response.InputHash); // little-endian host
            Assert.Equal(NodeOutputHash(expected), response.OutputHash);
            Assert.Equal("v1", response.ModelVersion);
            Assert.Equal(keeper, response.ModelHash);
            Assert.Equal(response.Score >= 50, response.ReasonCodes.Contains("SUCCESS"));
            Assert.Equal(row[FeatureSchema.DocumentQualityIndex] < 0.6f, response.ReasonCodes.Contains("LOW_DOC_QUALITY"));
            Assert.Equal(confidence >= 0.8f, response.ReasonCodes.Contains("HIGH_CONFIDENCE"));
            AssertNodeContributions(row, response);
            Assert.InRange(response.ComputeTimeMs, 0, 10_000);
            seenScores.Add(response.Score);
        }

        Assert.True(seenScores.Count > 1, "the fixture model should spread its scores");
    }

    [Fact]
    public async Task ComputeScore_TakesTheVectorTheNodesExtractorBuilds_AndIgnoresTheBlockHeight()
    {
        Scorer reference = fixture.Versions.ReferenceScorer("v1");
        uint? firstScore = null;
        foreach (long height in new long[] { 1_234_567, 9_999_999, 1_000_000 })
        {
            float[] sent = NodeExtractorVector(height);
            var request = new ComputeScoreRequest { Metadata = new InferenceMetadata { BlockHeight = height }, ReturnContributions = true };
            request.Features.AddRange(sent);

            ComputeScoreResponse response = await Grpc.ComputeScoreAsync(request);

            float[] scored = (float[])sent.Clone();
            scored[537] = 0f; // not a model input (docs/feature-schema.md)
            float expected = reference.Score(scored);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(response.RawScore));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(scored.AsSpan()))), response.InputHash);
            firstScore ??= response.Score;
            Assert.Equal(firstScore, response.Score);
            AssertNodeContributions(sent, response);
        }
    }

    [Fact]
    public async Task ComputeScore_WithoutReturnContributions_LeavesThemEmpty()
    {
        var request = new ComputeScoreRequest();
        request.Features.AddRange(NodeExtractorVector(42));
        ComputeScoreResponse response = await Grpc.ComputeScoreAsync(request);
        Assert.Empty(response.FeatureContributions);
    }

    /// <summary>
    /// The 768 floats as the node's Go <c>FeatureExtractor.ExtractFeatures</c> writes them
    /// (pkg/inference/feature_extractor.go, transcribed by position, not through FeatureAssembler):
    /// embedding normalised in float64, doc quality block at 512, OCR pairs at 517, metadata at 527
    /// (scope count / 10, eight scope flags, face confidence, block-height fraction).
    /// </summary>
    private static float[] NodeExtractorVector(long blockHeight)
    {
        var f = new float[D];
        var random = new Random(77);
        double sumSquares = 0;
        var e = new float[512];
        for (int i = 0; i < 512; i++)
        {
            e[i] = (float)(random.NextDouble() - 0.5);
            sumSquares += (double)e[i] * e[i];
        }

        double norm = Math.Sqrt(sumSquares);
        for (int i = 0; i < 512; i++)
        {
            f[i] = (float)(e[i] / norm);
        }

        f[512] = 0.83f; // DocQualityScore
        f[513] = 0.71f; // Sharpness
        f[514] = 0.64f; // Brightness
        f[515] = 0.59f; // Contrast
        f[516] = 1.0f - 0.12f; // 1 - NoiseLevel, float32
        float[] ocr = [0.91f, 0.88f, 0.77f, 0.95f, 0.69f];
        bool[] valid = [true, true, false, true, true];
        for (int k = 0; k < 5; k++)
        {
            f[517 + (2 * k)] = ocr[k];
            f[518 + (2 * k)] = valid[k] ? 1f : 0f;
        }

        f[527] = 3f / 10f; // float32(ScopeCount) / 10.0
        f[528] = 1f; // id_document
        f[529] = 1f; // selfie
        f[530] = 1f; // face_video
        f[536] = 0.87f; // FaceConfidence
        f[537] = (float)(blockHeight % 1_000_000) / 1_000_000f; // float32(height % 1e6) / 1e6
        return f;
    }

    /// <summary>The node's ComputeFeatureContributions, from its definition: float32 sums in index order, one float32 division.</summary>
    private static void AssertNodeContributions(float[] sent, ComputeScoreResponse response)
    {
        float face = 0f, doc = 0f, ocr = 0f, meta = 0f;
        for (int i = 0; i < 512; i++)
        {
            face += Math.Abs(sent[i]);
        }

        for (int i = 512; i < 517; i++)
        {
            doc += sent[i];
        }

        for (int i = 517; i < 527; i++)
        {
            ocr += sent[i];
        }

        for (int i = 527; i < 543; i++)
        {
            meta += sent[i];
        }

        Assert.Equal(4, response.FeatureContributions.Count);
        Assert.Equal(BitConverter.SingleToInt32Bits(face / 512f), BitConverter.SingleToInt32Bits(response.FeatureContributions["face_embedding"]));
        Assert.Equal(BitConverter.SingleToInt32Bits(doc / 5f), BitConverter.SingleToInt32Bits(response.FeatureContributions["doc_quality"]));
        Assert.Equal(BitConverter.SingleToInt32Bits(ocr / 10f), BitConverter.SingleToInt32Bits(response.FeatureContributions["ocr"]));
        Assert.Equal(BitConverter.SingleToInt32Bits(meta / 16f), BitConverter.SingleToInt32Bits(response.FeatureContributions["metadata"]));
    }

    [Theory]
    [InlineData("12.5", "e525e21252704aa1c159e774c413c83dec9e539030efe0f0ce1ce23879a82355")]
    [InlineData("73.48112", "4f76357636bc1b5e4eb5a9b8d4599ac43d2b6381a33b72c2d0a589d5a18baf3a")]
    [InlineData("4E-07", "df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119")]
    public void OutputHash_MatchesHandComputedVectors(string raw, string expected)
    {
        // Computed with python3: struct.pack('>f', round_half_away(float32(raw)*1e6)/1e6), then hashlib.sha256
        // (12.5 → bytes 41 48 00 00; 4e-07 rounds to 0 → bytes 00 00 00 00).
        Assert.Equal(expected, SidecarFields.OutputHash([float.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)]));
        Assert.Equal(expected, NodeOutputHash(float.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static TheoryData<string, int, string> BadFeatures() => new()
    {
        { "too short", 3, "has 3 values; expected 768" },
        { "too long", 769, "has 769 values; expected 768" },
        { "NaN", -1, "not a finite number" },
        { "infinity", -2, "not a finite number" },
    };

    [Theory]
    [MemberData(nameof(BadFeatures))]
    public async Task ComputeScore_BadFeatures_AreInvalidArgument_AndTheServerKeepsServing(string name, int length, string expected)
    {
        float[] row = ServingVersions.RandomRows(1, seed: 32);
        float[] features = length switch
        {
            -1 => [float.NaN, .. row.AsSpan(1)],
            -2 => [.. row.AsSpan(0, 600), float.PositiveInfinity, .. row.AsSpan(601)],
            _ => [.. Enumerable.Range(0, length).Select(i => row[i % D])],
        };
        var request = new ComputeScoreRequest();
        request.Features.AddRange(features);

        var error = await Assert.ThrowsAsync<RpcException>(() => Grpc.ComputeScoreAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.True(error.Status.Detail.Contains(expected, StringComparison.Ordinal), $"{name}: {error.Status.Detail}");

        var good = new ComputeScoreRequest();
        good.Features.AddRange(row);
        ComputeScoreResponse after = await Grpc.ComputeScoreAsync(good);
        Assert.Equal("v1", after.ModelVersion);
    }

    [Fact]
    public async Task HealthCheck_IsHealthyWithTheKeeperHash_AndMetricsCountInferences()
    {
        var row = new ComputeScoreRequest();
        row.Features.AddRange(ServingVersions.RandomRows(1, seed: 33));
        await Grpc.ComputeScoreAsync(row);

        HealthCheckResponse health = await Grpc.HealthCheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.True(health.ModelLoaded);
        Assert.Equal("v1", health.ModelVersion);
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(fixture.Versions.Registry, "v1", "model")), health.ModelHash);
        Assert.Empty(health.ErrorMessage);
        Assert.True(DateTimeOffset.TryParse(health.LastInferenceTimestamp, System.Globalization.CultureInfo.InvariantCulture, out _), health.LastInferenceTimestamp);

        GetMetricsResponse metrics = await Grpc.GetMetricsAsync(new GetMetricsRequest());
        Assert.True(metrics.TotalInferences >= 1);
        Assert.True(metrics.SuccessfulInferences >= 1);
        Assert.Equal(metrics.TotalInferences, metrics.SuccessfulInferences + metrics.FailedInferences);
        Assert.Equal("v1", metrics.ModelVersion);
        Assert.True(metrics.P99LatencyMs > 0);
        Assert.Equal(metrics.TotalInferences, metrics.LatencyHistogram["+Inf"]);
        Assert.True(metrics.MemoryUsageMb > 0);
    }

    [Fact]
    public async Task VerifyDeterminism_ReRunsTheSealedVectors_AndChecksACustomInput()
    {
        ConformanceVectors sealedVectors = fixture.Server.Models.Current.Conformance;
        VerifyDeterminismResponse all = await Grpc.VerifyDeterminismAsync(new VerifyDeterminismRequest());
        Assert.True(all.Passed, string.Join("; ", all.Differences));
        Assert.Equal("all", all.TestVectorId);
        Assert.Equal(NodeOutputHash([.. sealedVectors.Vectors.Select(v => v.Output)]), all.ExpectedOutputHash);
        Assert.Equal(all.ExpectedOutputHash, all.ActualOutputHash);

        ConformanceVector first = sealedVectors.Vectors[0];
        VerifyDeterminismResponse one = await Grpc.VerifyDeterminismAsync(new VerifyDeterminismRequest { TestVectorId = first.Name });
        Assert.True(one.Passed);
        Assert.Equal(NodeOutputHash(first.Output), one.ActualOutputHash);

        var missing = await Assert.ThrowsAsync<RpcException>(() => Grpc.VerifyDeterminismAsync(new VerifyDeterminismRequest { TestVectorId = "no-such-vector" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        float[] row = ServingVersions.RandomRows(1, seed: 34);
        var custom = new VerifyDeterminismRequest { ExpectedOutputHash = NodeOutputHash(fixture.Versions.ReferenceScorer("v1").Score(row)) };
        custom.CustomInput.AddRange(row);
        Assert.True((await Grpc.VerifyDeterminismAsync(custom)).Passed);
        custom.ExpectedOutputHash = new string('0', 64);
        VerifyDeterminismResponse wrong = await Grpc.VerifyDeterminismAsync(custom);
        Assert.False(wrong.Passed);
        Assert.Single(wrong.Differences);
    }

    [Fact]
    public async Task HttpSidecarBody_AsTheNodeBuildsIt_ScoresOnThePredictPath()
    {
        float[] row = ServingVersions.RandomRows(1, seed: 35);
        float expected = fixture.Versions.ReferenceScorer("v1").Score(row);

        // Go's encoding/json writes a []float32 with strconv.FormatFloat(v, 'g'-like, -1, 32): shortest
        // float32 digits, exponent form below 1e-6; the struct's fields in order, model_id last.
        string body = "{\"features\":[" + string.Join(",", row.Select(GoFloat32)) + "],\"model_id\":\"v1.0.0\"}";
        using var response = await fixture.Client.PostAsync("/v1/models/trust_score:predict", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        JsonElement root = json.RootElement;
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(root.GetProperty("scores")[0].GetSingle()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(row.AsSpan()))), root.GetProperty("input_hash").GetString());
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(fixture.Versions.Registry, "v1", "model")), root.GetProperty("model_hash").GetString());
        Assert.True(root.GetProperty("latency_ms").GetDouble() >= 0);
        Assert.False(root.TryGetProperty("error", out _));

        // A wrong length answers the node with a non-200 and the reason in "error".
        using var bad = await fixture.Client.PostAsync("/v1/models/trust_score:predict", new StringContent("{\"features\":[0.5,0.25]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var badJson = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("has 2 values; expected 768", badJson.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        // A repeated key (which value would count?) is refused, not resolved first- or last-wins.
        string twice = body[..^1] + ",\"model_id\":\"v2.0.0\"}";
        using var duplicate = await fixture.Client.PostAsync("/v1/models/trust_score:predict", new StringContent(twice, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        using var duplicateJson = JsonDocument.Parse(await duplicate.Content.ReadAsStringAsync());
        Assert.Contains("the key \"model_id\" appears twice", duplicateJson.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The node's health probe: GET /health must be 200.
        using var health = await fixture.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var healthJson = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("HEALTHY", healthJson.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TfServingStatus_CarriesAnAvailableVersion_AsTheNodesClientChecks()
    {
        // The node's TF Serving client: model_version_status[] with any entry whose state is AVAILABLE (case-insensitive).
        using var response = await fixture.Client.GetAsync("/v1/models/trust_score");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(json.RootElement.GetProperty("model_version_status").EnumerateArray(), s => string.Equals(s.GetProperty("state").GetString(), "available", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The node's output hash from its definition: big-endian binary32 of each output rounded to 6 decimals (half away from zero).</summary>
    internal static string NodeOutputHash(params float[] outputs)
    {
        var bytes = new byte[4 * outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            double scaled = outputs[i] * 1e6;
            double rounded = Math.Sign(scaled) * Math.Floor(Math.Abs(scaled) + 0.5);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 * i), BitConverter.SingleToUInt32Bits((float)(rounded / 1e6)));
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string GoFloat32(float v)
    {
        string s = v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return s.Replace("E-0", "e-0", StringComparison.Ordinal).Replace("E", "e", StringComparison.Ordinal);
    }
}
