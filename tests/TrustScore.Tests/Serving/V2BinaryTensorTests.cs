using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TrustScore.Data;

namespace TrustScore.Tests.Serving;

/// <summary>
/// The Open Inference Protocol's binary tensor data extension against a real Kestrel server:
/// bodies crafted byte by byte here (JSON header, then raw little-endian FP32), as the KServe /
/// Triton extension defines them, and answers read back the same way.
/// </summary>
public sealed class V2BinaryTensorTests(ServingServerFixture fixture) : IClassFixture<ServingServerFixture>
{
    private const int D = FeatureSchema.Dimension;
    private const string Infer = "/v2/models/trust_score/infer";
    private const string Header = "Inference-Header-Content-Length";

    [Fact]
    public async Task BinaryInputAndOutputs_GiveTheJsonPathsBits_AndTheScorersBits()
    {
        const int rows = 5;
        float[] x = ServingVersions.RandomRows(rows, seed: 21);
        var expected = new float[rows];
        fixture.Versions.ReferenceScorer("v1").Score(x, rows, expected);

        // The same rows through the JSON path, for bit equality between the two forms.
        using var jsonResponse = await fixture.Client.PostAsync(Infer, new StringContent(ServingVersions.V2Body(x, rows), Encoding.UTF8, "application/json"));
        using var jsonBody = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, jsonResponse.StatusCode);
        int[] jsonBits = [.. jsonBody.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => BitConverter.SingleToInt32Bits(v.GetSingle()))];

        string header = $"{{\"id\":\"bin-1\",\"inputs\":[{{\"name\":\"features\",\"shape\":[{rows},768],\"datatype\":\"FP32\",\"parameters\":{{\"binary_data_size\":{rows * D * 4}}}}}],\"parameters\":{{\"binary_data_output\":true}}}}";
        using var response = await Send(header, LittleEndian(x));
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        int jsonLength = int.Parse(response.Headers.GetValues(Header).Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(jsonLength + (rows * 4) + (rows * 4), body.Length);

        using var json = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        Assert.Equal("bin-1", json.RootElement.GetProperty("id").GetString());
        var outputs = json.RootElement.GetProperty("outputs");
        Assert.Equal("trust_score", outputs[0].GetProperty("name").GetString());
        Assert.Equal(rows * 4, outputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        Assert.False(outputs[0].TryGetProperty("data", out _));
        Assert.Equal("integer_score", outputs[1].GetProperty("name").GetString());
        Assert.Equal(rows * 4, outputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        for (int i = 0; i < rows; i++)
        {
            int bits = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(jsonLength + (4 * i)));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), bits);
            Assert.Equal(jsonBits[i], bits);
            Assert.Equal(ServingVersions.NodeScore(expected[i]), BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(jsonLength + (4 * rows) + (4 * i))));
        }
    }

    [Fact]
    public async Task BinaryInput_AnswersInJsonUnlessAnOutputAsksForBinary()
    {
        const int rows = 3;
        float[] x = ServingVersions.RandomRows(rows, seed: 22);
        var expected = new float[rows];
        fixture.Versions.ReferenceScorer("v1").Score(x, rows, expected);
        string input = $"\"inputs\":[{{\"name\":\"features\",\"shape\":[{rows},768],\"datatype\":\"FP32\",\"parameters\":{{\"binary_data_size\":{rows * D * 4}}}}}]";

        // No output asked for in binary: a plain JSON answer.
        using (var response = await Send("{" + input + "}", LittleEndian(x)))
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.False(response.Headers.Contains(Header));
            using var json = JsonDocument.Parse(text);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), json.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => BitConverter.SingleToInt32Bits(v.GetSingle())));
        }

        // The float output in binary, the integer output in JSON (a per-output choice overrides the request's default).
        string outputs = "\"outputs\":[{\"name\":\"trust_score\",\"parameters\":{\"binary_data\":true}},{\"name\":\"integer_score\",\"parameters\":{\"binary_data\":false}}],\"parameters\":{\"binary_data_output\":true}";
        using (var response = await Send("{" + input + "," + outputs + "}", LittleEndian(x)))
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(body));
            int jsonLength = int.Parse(response.Headers.GetValues(Header).Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(jsonLength + (rows * 4), body.Length);
            using var json = JsonDocument.Parse(body.AsMemory(0, jsonLength));
            var integer = json.RootElement.GetProperty("outputs")[1];
            Assert.Equal(expected.Select(ServingVersions.NodeScore), integer.GetProperty("data").EnumerateArray().Select(v => v.GetInt32()));
            for (int i = 0; i < rows; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(jsonLength + (4 * i))));
            }
        }
    }

    [Fact]
    public async Task ServerMetadata_ListsTheExtension()
    {
        using var response = await fixture.Client.GetAsync("/v2");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("binary_tensor_data", json.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    public static TheoryData<string, string?, string, int, string> BadBodies()
    {
        const int size = D * 4;
        string Input(string datatype, string parameters, string extra = "") =>
            $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[1,768],\"datatype\":\"{datatype}\",\"parameters\":{{{parameters}}}{extra}}}]}}";
        string good = Input("FP32", $"\"binary_data_size\":{size}");
        int goodLength = Encoding.UTF8.GetByteCount(good);
        return new TheoryData<string, string?, string, int, string>
        {
            // name, header value (null: no header), JSON part, binary bytes after it, expected message
            { "size too small", null, Input("FP32", $"\"binary_data_size\":{size - 4}"), size - 4, $"binary_data_size is {size - 4} bytes; shape [1,768] of FP32 needs {size}" },
            { "size too large", null, Input("FP32", $"\"binary_data_size\":{size + 4}"), size + 4, $"needs {size}" },
            { "truncated tail", null, good, size - 1, $"the body ends {size - 1} bytes into the binary data of inputs[0]" },
            { "no tail", null, good, 0, "the body ends 0 bytes into the binary data" },
            { "bytes after the tensor", null, good, size + 3, "the body has 3 bytes after the" },
            { "header beyond the body", (goodLength + size + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), good, size, $"header is {goodLength + size + 1} but the body has only {goodLength + size} bytes" },
            { "header inside the JSON", (goodLength - 2).ToString(System.Globalization.CultureInfo.InvariantCulture), good, size, "not valid JSON" },
            { "header not a number", "12a", good, size, "expected one non-negative integer" },
            { "header negative", "-5", good, size, "expected one non-negative integer" },
            { "binary size without the header", "none", good, 0, "the request has no Inference-Header-Content-Length header" },
            { "binary bytes but no binary input", null, ServingVersions.V2Body(ServingVersions.RandomRows(1, seed: 23), 1), 8, "but no input has parameters.binary_data_size" },
            { "data and binary both", null, Input("FP32", $"\"binary_data_size\":{size}", ",\"data\":[1]"), size, "send the tensor one way" },
            { "FP16", null, Input("FP16", $"\"binary_data_size\":{size / 2}"), size / 2, "inputs[0].datatype is \"FP16\"; \"features\" takes FP32 only" },
            { "FP64", null, Input("FP64", $"\"binary_data_size\":{size * 2}"), size * 2, "takes FP32 only" },
            { "size not an integer", null, Input("FP32", "\"binary_data_size\":\"3072\""), size, "binary_data_size must be a non-negative integer" },
            { "size negative", null, Input("FP32", "\"binary_data_size\":-3072"), size, "binary_data_size must be a non-negative integer" },
            { "binary_data on an input", null, Input("FP32", $"\"binary_data_size\":{size},\"binary_data\":true"), size, "inputs[0].parameters.binary_data is not a parameter here" },
            { "binary_data_output not a boolean", null, good[..^1] + ",\"parameters\":{\"binary_data_output\":1}}", size, "binary_data_output must be true or false" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBinaryBodies_Are400WithOneSentence(string name, string? header, string json, int tailBytes, string expected)
    {
        // The tail: valid feature rows' bytes (repeated as needed), so only the framing is wrong.
        byte[] row = LittleEndian(ServingVersions.RandomRows(1, seed: 24));
        byte[] tail = [.. Enumerable.Range(0, tailBytes).Select(i => row[i % row.Length])];
        using var response = await Send(json, tail, header);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        string error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
        Assert.True(error.Contains(expected, StringComparison.Ordinal), $"{name}: '{error}' does not mention '{expected}'");
    }

    [Theory]
    [InlineData(float.NaN, "is NaN, not a finite number")]
    [InlineData(float.PositiveInfinity, "not a finite number")]
    [InlineData(float.NegativeInfinity, "not a finite number")]
    public async Task NonFiniteBinaryFeatures_AreRefusedLikeTheJsonPathRefusesThem(float bad, string expected)
    {
        float[] x = ServingVersions.RandomRows(2, seed: 25);
        x[D + 3] = bad;
        string json = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[2,768],\"datatype\":\"FP32\",\"parameters\":{{\"binary_data_size\":{2 * D * 4}}}}}]}}";
        using var response = await Send(json, LittleEndian(x));
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("inputs[0] row 1: position 3", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static byte[] LittleEndian(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    /// <summary>POSTs JSON + tail; <paramref name="header"/> null sends the JSON's true length, "none" no header.</summary>
    private async Task<HttpResponseMessage> Send(string json, byte[] tail, string? header = null)
    {
        byte[] head = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent([.. head, .. tail]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, Infer) { Content = content };
        if (header != "none")
        {
            request.Headers.TryAddWithoutValidation(Header, header ?? head.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return await fixture.Client.SendAsync(request);
    }
}
