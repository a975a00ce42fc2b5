using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TrustScore.Data;

namespace TrustScore.Tests.Serving;

/// <summary>
/// The rest of TensorFlow Serving's REST API, with bodies and paths in the shapes its REST API
/// documentation gives: the columnar request (<c>"inputs"</c>, answered as <c>"outputs"</c>), the
/// model metadata document, and versions addressed by number (<c>/versions/N</c>) or label
/// (<c>/labels/L</c>). The one active model is registry version 1 (the fixture publishes one).
/// </summary>
public sealed class TfServingRestTests(ServingServerFixture fixture) : IClassFixture<ServingServerFixture>
{
    private const int D = FeatureSchema.Dimension;

    [Fact]
    public async Task Columnar_InputsAsAListOrNamedObject_AreAnsweredAsOutputs_WithTheScorersBits()
    {
        float[] x = ServingVersions.RandomRows(2, seed: 41);
        var expected = new float[2];
        fixture.Versions.ReferenceScorer("v1").Score(x, 2, expected);
        string rows = "[" + Row(x, 0) + "," + Row(x, 1) + "]";
        foreach (string body in new[]
        {
            "{\"signature_name\": \"serving_default\", \"inputs\": " + rows + "}",
            "{\"inputs\": {\"features\": " + rows + "}}",
        })
        {
            using var json = await Ok(await Post("/v1/models/trust_score:predict", body));
            Assert.False(json.RootElement.TryGetProperty("predictions", out _));
            JsonElement outputs = json.RootElement.GetProperty("outputs");
            Assert.Equal(2, outputs.GetArrayLength());
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(outputs[i][0].GetSingle()));
            }
        }
    }

    [Theory]
    [InlineData("{\"instances\": [], \"inputs\": []}", "both \"instances\" and \"inputs\"")]
    [InlineData("{\"inputs\": {\"x\": [[0.5]]}}", "the model's one input is \"features\"")]
    [InlineData("{\"inputs\": [[0.5, 0.25]]}", "inputs[0] has 2 values; expected 768")]
    [InlineData("{\"inputs\": {\"features\": []}}", "\"inputs.features\" is empty")]
    public async Task Columnar_BadBodies_Are400NamingTheProblem(string body, string expected)
    {
        using var response = await Post("/v1/models/trust_score:predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/models/trust_score/metadata")]
    [InlineData("/v1/models/trust_score/versions/1/metadata")]
    [InlineData("/v1/models/trust_score/labels/stable/metadata")]
    public async Task Metadata_IsTheServingDefaultSignature(string path)
    {
        using var json = await Ok(await fixture.Client.GetAsync(path));
        JsonElement root = json.RootElement;
        Assert.Equal("trust_score", root.GetProperty("model_spec").GetProperty("name").GetString());
        Assert.Equal("1", root.GetProperty("model_spec").GetProperty("version").GetString());
        JsonElement signature = root.GetProperty("metadata").GetProperty("signature_def").GetProperty("signature_def").GetProperty("serving_default");
        Assert.Equal("tensorflow/serving/predict", signature.GetProperty("method_name").GetString());
        JsonElement input = signature.GetProperty("inputs").GetProperty("features");
        Assert.Equal("DT_FLOAT", input.GetProperty("dtype").GetString());
        Assert.Equal(["-1", "768"], input.GetProperty("tensor_shape").GetProperty("dim").EnumerateArray().Select(d => d.GetProperty("size").GetString()));
        Assert.Equal("DT_FLOAT", signature.GetProperty("outputs").GetProperty("trust_score").GetProperty("dtype").GetString());
        Assert.Equal("DT_INT32", signature.GetProperty("outputs").GetProperty("integer_score").GetProperty("dtype").GetString());
    }

    [Theory]
    [InlineData("/v1/models/trust_score/versions/1")]
    [InlineData("/v1/models/trust_score/labels/stable")]
    public async Task TheActiveModel_AnswersItsSequenceNumberAndTheStableLabel(string prefix)
    {
        float[] x = ServingVersions.RandomRows(1, seed: 42);
        float expected = fixture.Versions.ReferenceScorer("v1").Score(x);
        using var predicted = await Ok(await Post(prefix + ":predict", "{\"instances\": [" + Row(x, 0) + "]}"));
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(predicted.RootElement.GetProperty("predictions")[0][0].GetSingle()));
        using var status = await Ok(await fixture.Client.GetAsync(prefix));
        Assert.Equal("AVAILABLE", status.RootElement.GetProperty("model_version_status")[0].GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/v1/models/trust_score/versions/2:predict", "version 2 of trust_score is not being served; this service serves one model, the active v1, which is registry version 1")]
    [InlineData("/v1/models/trust_score/labels/canary:predict", "label 'canary' of trust_score is not served; the one label is 'stable'")]
    public async Task OtherVersionsAndLabels_Are404WithAClearMessage(string path, string expected)
    {
        using var response = await Post(path, "{\"instances\": [" + Row(ServingVersions.RandomRows(1, seed: 43), 0) + "]}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static string Row(float[] x, int i) =>
        "[" + string.Join(", ", x.AsSpan(i * D, D).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    private Task<HttpResponseMessage> Post(string path, string body) =>
        fixture.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonDocument> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text);
        }
    }
}
