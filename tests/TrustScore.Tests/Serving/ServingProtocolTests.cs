using System.Net;
using System.Text;
using System.Text.Json;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Serving;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>Both protocols against a real Kestrel server on a loopback port.</summary>
public sealed class ServingProtocolTests(ServingServerFixture fixture) : IClassFixture<ServingServerFixture>
{
    private const int D = FeatureSchema.Dimension;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task TfPredict_RawRows_AreBitIdenticalToTheScorerCalledDirectly_WithVersionAndDigest()
    {
        float[] x = ServingVersions.RandomRows(ServingServerFixture.MaxBatch, seed: 1);
        Scorer reference = fixture.Versions.ReferenceScorer("v1");
        var expected = new float[ServingServerFixture.MaxBatch];
        reference.Score(x, ServingServerFixture.MaxBatch, expected);

        using var response = await Post("/v1/models/trust_score:predict", ServingVersions.TfBody(x, ServingServerFixture.MaxBatch));
        using var body = await Json(response, HttpStatusCode.OK);
        var predictions = body.RootElement.GetProperty("predictions");
        Assert.Equal(expected.Length, predictions.GetArrayLength());
        for (int i = 0; i < expected.Length; i++)
        {
            float served = predictions[i][0].GetSingle();
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(served));
            Assert.Equal(ServingVersions.NodeScore(expected[i]), body.RootElement.GetProperty("integer_scores")[i][0].GetInt32());
        }

        // The served model's keeper hash (the chain's sha256_hash), recomputed here independently.
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(fixture.Versions.Registry, "v1", "model")), body.RootElement.GetProperty("keeper_hash").GetString());

        // Each row alone gives the same bits as in the batch.
        using var single = await Post("/v1/models/trust_score:predict", ServingVersions.TfBody(x.AsSpan(3 * D, D).ToArray(), 1));
        using var singleBody = await Json(single, HttpStatusCode.OK);
        Assert.Equal(BitConverter.SingleToInt32Bits(expected[3]), BitConverter.SingleToInt32Bits(singleBody.RootElement.GetProperty("predictions")[0][0].GetSingle()));

        AssertIdentity(response, body);
        Assert.Contains(expected, y => y is > 1f and < 99f); // the fixture model spreads its scores
    }

    [Fact]
    public async Task TfPredict_StructuredRecords_AreAssembledByTheFeatureAssembler()
    {
        var random = new Random(7);
        FeatureInputs a = ServingVersions.RandomInputs(random);
        FeatureInputs b = ServingVersions.RandomInputs(random);
        float[] x = [.. FeatureAssembler.Assemble(a), .. FeatureAssembler.Assemble(b)];
        var expected = new float[2];
        fixture.Versions.ReferenceScorer("v1").Score(x, 2, expected);

        string body = $"{{\"signature_name\":\"serving_default\",\"instances\":[{Record(a)},{{\"features\":[{string.Join(",", x.AsSpan(D, D).ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]}}]}}";
        using var response = await Post("/v1/models/trust_score:predict", body);
        using var json = await Json(response, HttpStatusCode.OK);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(json.RootElement.GetProperty("predictions")[i][0].GetSingle()));
        }
    }

    [Fact]
    public async Task TfStatus_ReportsTheServedVersionAvailable()
    {
        using var response = await Client.GetAsync("/v1/models/trust_score");
        using var json = await Json(response, HttpStatusCode.OK);
        var status = json.RootElement.GetProperty("model_version_status")[0];
        Assert.Equal("v1", status.GetProperty("version").GetString());
        Assert.Equal("AVAILABLE", status.GetProperty("state").GetString());
        AssertIdentity(response, json);
    }

    [Fact]
    public async Task V2_HealthAndMetadata_FollowTheOpenInferenceProtocol()
    {
        foreach (string path in new[] { "/v2/health/live", "/v2/health/ready", "/v2/models/trust_score/ready" })
        {
            using var response = await Client.GetAsync(path);
            using var json = await Json(response, HttpStatusCode.OK);
            AssertIdentity(response, json);
        }

        using var meta = await Client.GetAsync("/v2/models/trust_score");
        using var metaJson = await Json(meta, HttpStatusCode.OK);
        var root = metaJson.RootElement;
        Assert.Equal("trust_score", root.GetProperty("name").GetString());
        Assert.Equal("v1", root.GetProperty("versions")[0].GetString());
        var input = root.GetProperty("inputs")[0];
        Assert.Equal("features", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal(768, input.GetProperty("shape")[1].GetInt32());
        Assert.Equal(["trust_score", "integer_score"], root.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal("INT32", root.GetProperty("outputs")[1].GetProperty("datatype").GetString());
        AssertIdentity(meta, metaJson);
    }

    [Fact]
    public async Task V2Infer_FlatAndNestedData_GiveTheScorersBits_AndTheIntegerScore()
    {
        const int rows = 5;
        float[] x = ServingVersions.RandomRows(rows, seed: 2);
        var expected = new float[rows];
        fixture.Versions.ReferenceScorer("v1").Score(x, rows, expected);

        using var flat = await Post("/v2/models/trust_score/infer", ServingVersions.V2Body(x, rows, id: "req-42"));
        using var flatJson = await Json(flat, HttpStatusCode.OK);
        var root = flatJson.RootElement;
        Assert.Equal("req-42", root.GetProperty("id").GetString());
        Assert.Equal("trust_score", root.GetProperty("model_name").GetString());
        Assert.Equal(fixture.Server.Models.Current.RootDigest, root.GetProperty("parameters").GetProperty("root_digest").GetString());
        var outputs = root.GetProperty("outputs");
        Assert.Equal("trust_score", outputs[0].GetProperty("name").GetString());
        Assert.Equal("FP32", outputs[0].GetProperty("datatype").GetString());
        Assert.Equal([rows, 1], outputs[0].GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal("integer_score", outputs[1].GetProperty("name").GetString());
        Assert.Equal("INT32", outputs[1].GetProperty("datatype").GetString());
        for (int i = 0; i < rows; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(outputs[0].GetProperty("data")[i].GetSingle()));
            Assert.Equal(ServingVersions.NodeScore(expected[i]), outputs[1].GetProperty("data")[i].GetInt32());
        }

        AssertIdentity(flat, flatJson);

        // Nested rows, only the integer output requested, through the versioned path.
        string nested = ServingVersions.TfBody(x, rows)["{\"instances\":".Length..^1];
        string body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[{rows},768],\"datatype\":\"FP32\",\"data\":{nested}}}],\"outputs\":[{{\"name\":\"integer_score\"}}]}}";
        using var versioned = await Post("/v2/models/trust_score/versions/v1/infer", body);
        using var versionedJson = await Json(versioned, HttpStatusCode.OK);
        var only = versionedJson.RootElement.GetProperty("outputs");
        Assert.Equal(1, only.GetArrayLength());
        Assert.Equal(expected.Select(ServingVersions.NodeScore), only[0].GetProperty("data").EnumerateArray().Select(v => v.GetInt32()));
    }

    public static TheoryData<string, string, string> TfBadBodies()
    {
        string valid = Row(ServingVersions.RandomRows(1, seed: 3));
        float[] outOfRange = ServingVersions.RandomRows(1, seed: 4);
        outOfRange[FeatureSchema.FaceConfidenceIndex] = 1.5f;
        return new TheoryData<string, string, string>
        {
            { "wrong length", "{\"instances\":[[0.5,0.25,1]]}", "has 3 values; expected 768" },
            { "non-finite", "{\"instances\":[[1e39" + valid[valid.IndexOf(',', StringComparison.Ordinal)..] + "]}", "not a finite number" },
            { "out-of-range scalar", "{\"instances\":[" + Row(outOfRange) + "]}", "face_confidence" },
            { "malformed JSON", "{\"instances\":[[0.5,", "not valid JSON" },
            { "not JSON at all", "hello", "not valid JSON" },
            { "no instances", "{}", "no \"instances\"" },
            { "empty instances", "{\"instances\":[]}", "\"instances\" is empty" },
            { "string feature", "{\"instances\":[[\"0.5\"]]}", "expected a number" },
            { "nested array in a row", "{\"instances\":[[0.5,[0.25]]]}", "instances[0][1] is an array" },
            { "row too long", "{\"instances\":[" + valid[..^1] + ",0.5]]}", "instances[0] has more than 768 values; expected 768" },
            { "number JSON does not allow", "{\"instances\":[[01]]}", "'01' in instances[0] is not a JSON number" },
            { "too many instances", "{\"instances\":[" + string.Join(",", Enumerable.Repeat(valid, ServingServerFixture.MaxBatch + 1)) + "]}", $"at most {ServingServerFixture.MaxBatch} rows" },
            { "bad record", "{\"instances\":[{\"face_confidence\":0.5}]}", "instances[0]: required field 'face_embedding' is missing" },
            { "unknown field", "{\"instances\":[" + valid + "],\"extra\":1}", "unknown field \"extra\"" },
            { "duplicate key", "{\"instances\":[" + valid + "],\"signature_name\":\"a\",\"signature_name\":\"b\"}", "the key \"signature_name\" appears twice in one object (in the body)" },
            { "duplicate key, escaped", "{\"instances\":[" + valid + "],\"\\u0069nstances\":[" + valid + "]}", "the key \"instances\" appears twice in one object (in the body)" },
            { "duplicate key in a record", "{\"instances\":[{\"face_confidence\":0.5,\"face_confidence\":0.9}]}", "the key \"face_confidence\" appears twice in one object (in instances[])" },
            { "duplicate key in a record after a row of numbers", "{\"instances\":[" + valid + ",{\"face_confidence\":0.5,\"face_confidence\":0.9}]}", "the key \"face_confidence\" appears twice in one object (in instances[])" },
            { "duplicate key after numbers in every JSON form", "{\"instances\":[[1e-3, -2.5E+2,\n\t0.0,[7]],[]],\"signature_name\":\"a\",\"signature_name\":\"b\"}", "the key \"signature_name\" appears twice in one object (in the body)" },
            { "duplicate key in columnar inputs", "{\"inputs\":{\"features\":[" + valid + "],\"features\":[" + valid + "]}}", "the key \"features\" appears twice in one object (in inputs)" },
        };
    }

    [Theory]
    [MemberData(nameof(TfBadBodies))]
    public async Task TfPredict_BadInput_Is400WithAJsonErrorNamingTheProblem(string name, string body, string expected)
    {
        using var response = await Post("/v1/models/trust_score:predict", body);
        await AssertError(response, HttpStatusCode.BadRequest, expected, name);
    }

    public static TheoryData<string, string, string> V2BadBodies()
    {
        float[] x = ServingVersions.RandomRows(1, seed: 5);
        string good = ServingVersions.V2Body(x, 1);
        return new TheoryData<string, string, string>
        {
            { "wrong datatype", good.Replace("FP32", "INT64", StringComparison.Ordinal), "\"INT64\"" },
            { "wrong shape", good.Replace("[1,768]", "[1,767]", StringComparison.Ordinal), "expected [N,768]" },
            { "shape and data disagree", good.Replace("[1,768]", "[2,768]", StringComparison.Ordinal), "has 768 values but shape [2,768] needs 1536" },
            { "wrong input name", good.Replace("\"features\"", "\"x\"", StringComparison.Ordinal), "the model's input is \"features\"" },
            { "unknown output", good[..^1] + ",\"outputs\":[{\"name\":\"logits\"}]}", "asks for \"logits\"" },
            { "binary data size without binary data", good.Replace("\"data\":", "\"parameters\":{\"binary_data_size\":3072},\"data\":", StringComparison.Ordinal), "send the tensor one way" },
            { "too many rows", good.Replace("[1,768]", "[9,768]", StringComparison.Ordinal), "at most 8 rows" },
            { "malformed", good[..^5], "not valid JSON" },
            { "no inputs", "{\"id\":\"x\"}", "must hold the tensor \"features\"" },
            { "duplicate id", "{\"id\":\"a\",\"id\":\"b\"," + good[1..], "the key \"id\" appears twice in one object (in the body)" },
            { "duplicate tensor field", good.Replace("\"datatype\":\"FP32\"", "\"datatype\":\"FP32\",\"datatype\":\"FP32\"", StringComparison.Ordinal), "the key \"datatype\" appears twice in one object (in inputs[])" },
            { "duplicate parameter", good[..^1] + ",\"parameters\":{\"binary_data_output\":false,\"binary_data_output\":true}}", "the key \"binary_data_output\" appears twice in one object (in parameters)" },
        };
    }

    [Theory]
    [MemberData(nameof(V2BadBodies))]
    public async Task V2Infer_BadInput_Is400WithAJsonErrorNamingTheProblem(string name, string body, string expected)
    {
        using var response = await Post("/v2/models/trust_score/infer", body);
        await AssertError(response, HttpStatusCode.BadRequest, expected, name);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413WithAJsonError()
    {
        string big = "{\"instances\":[[" + new string(' ', (int)ServingServerFixture.MaxBodyBytes) + "]]}";
        using var response = await Post("/v1/models/trust_score:predict", big);
        await AssertError(response, HttpStatusCode.RequestEntityTooLarge, "bytes", "declared length");

        // Without Content-Length (chunked), the limit is enforced while reading.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/trust_score/infer") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response2 = await Client.SendAsync(request);
        await AssertError(response2, HttpStatusCode.RequestEntityTooLarge, "bytes", "chunked");
    }

    [Fact]
    public async Task UnknownPathsModelsVersionsAndMethods_AreJsonErrors()
    {
        using (var r = await Client.GetAsync("/v1/models/other"))
        {
            await AssertError(r, HttpStatusCode.NotFound, "model 'other' is not served", "other model");
        }

        using (var r = await Client.GetAsync("/nowhere"))
        {
            await AssertError(r, HttpStatusCode.NotFound, "no endpoint at /nowhere", "unknown path");
        }

        using (var r = await Post("/v2/models/trust_score/versions/v9/infer", "{}"))
        {
            await AssertError(r, HttpStatusCode.NotFound, "version 'v9'", "other version");
        }

        using (var r = await Client.GetAsync("/v1/models/trust_score:predict"))
        {
            await AssertError(r, HttpStatusCode.MethodNotAllowed, "use POST", "GET on predict");
        }
    }

    [Fact]
    public async Task Metrics_ArePrometheusText_WithRequestsLatencyAndTheActiveVersion()
    {
        using (var warm = await Client.GetAsync("/v2/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using (var bad = await Post("/v1/models/trust_score:predict", "{"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var response = await Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        string text = await response.Content.ReadAsStringAsync();
        ServedModel model = fixture.Server.Models.Current;
        Assert.Contains("# TYPE trustscore_requests_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"trustscore_requests_total\{endpoint=""v2_health_live"",code=""200""\} [1-9]", text);
        Assert.Matches(@"trustscore_request_errors_total\{endpoint=""tf_predict""\} [1-9]", text);
        Assert.Contains("# TYPE trustscore_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(@"trustscore_request_duration_seconds_bucket\{endpoint=""v2_health_live"",le=""\+Inf""\} [1-9]", text);
        Assert.Contains($"trustscore_active_model{{version=\"v1\",root_digest=\"{model.RootDigest}\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains("trustscore_model_swaps_total 0", text, StringComparison.Ordinal);
        Assert.Matches(@"trustscore_requests_in_flight [1-9]", text); // at least this request
        Assert.Contains("trustscore_model_swaps_refused_total 0", text, StringComparison.Ordinal);
        Assert.Equal(model.Version, response.Headers.GetValues("TrustScore-Model-Version").Single());
    }

    private static string Row(float[] row) =>
        "[" + string.Join(",", row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]";

    private static string Record(FeatureInputs x)
    {
        var o = new Dictionary<string, object>
        {
            ["face_embedding"] = x.FaceEmbedding,
            ["face_confidence"] = x.FaceConfidence,
            ["document_quality_score"] = x.DocumentQualityScore,
            ["sharpness"] = x.Sharpness,
            ["brightness"] = x.Brightness,
            ["contrast"] = x.Contrast,
            ["noise_level"] = x.NoiseLevel,
            ["blur_score"] = x.BlurScore,
            ["scope_types"] = x.ScopeTypes,
            ["scope_count"] = x.ScopeCount,
            ["sample_id"] = "ignored-id",
        };
        for (int f = 0; f < FeatureSchema.OcrFields.Count; f++)
        {
            o[$"ocr_{FeatureSchema.OcrFields[f]}_confidence"] = x.OcrConfidences[f];
            o[$"ocr_{FeatureSchema.OcrFields[f]}_validated"] = x.OcrValidated[f];
        }

        return JsonSerializer.Serialize(o);
    }

    private Task<HttpResponseMessage> Post(string path, string body) =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonDocument> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(text);
    }

    private void AssertIdentity(HttpResponseMessage response, JsonDocument body)
    {
        ServedModel model = fixture.Server.Models.Current;
        Assert.Equal(model.Version, response.Headers.GetValues("TrustScore-Model-Version").Single());
        Assert.Equal(model.RootDigest, response.Headers.GetValues("TrustScore-Model-Digest").Single());
        Assert.Equal(model.Version, body.RootElement.GetProperty("model_version").GetString());
        Assert.Equal(model.RootDigest, body.RootElement.GetProperty("root_digest").GetString());
        Assert.StartsWith("sha256:", model.RootDigest, StringComparison.Ordinal);
    }

    private async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string expected, string name)
    {
        using var json = await Json(response, status);
        string error = json.RootElement.GetProperty("error").GetString()!;
        Assert.True(error.Contains(expected, StringComparison.Ordinal), $"{name}: '{error}' does not mention '{expected}'");
        AssertIdentity(response, json);
    }
}
