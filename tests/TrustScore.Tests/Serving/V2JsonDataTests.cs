using System.Globalization;
using System.Text;
using System.Text.Json;
using TrustScore.Data;
using TrustScore.Serving;

namespace TrustScore.Tests.Serving;

/// <summary>
/// The Open Inference <c>data</c> array is read without a JSON reader token per number: it must
/// accept exactly JSON (as <see cref="JsonDocument"/> does) and give the bits of the shortest
/// round-trip text of every value, whatever the layout.
/// </summary>
public sealed class V2JsonDataTests
{
    private const int D = FeatureSchema.Dimension;

    public static TheoryData<string> Layouts() => new()
    {
        "flat",
        "nested",
        "white space",
        "exponents",
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ValidLayouts_GiveTheExactValues(string layout)
    {
        const int rows = 3;
        float[] x = ServingVersions.RandomRows(rows, seed: 31);
        string Text(float v) => layout == "exponents" ? v.ToString("E9", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);
        string data = layout switch
        {
            "nested" => "[" + string.Join(",", Enumerable.Range(0, rows).Select(r => "[" + string.Join(",", x.Skip(r * D).Take(D).Select(Text)) + "]")) + "]",
            "white space" => "[ \n\t" + string.Join(" ,\r\n ", x.Select(Text)) + " \n]",
            _ => "[" + string.Join(",", x.Select(Text)) + "]",
        };
        string body = $"{{\"inputs\":[{{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[{rows},768],\"data\":{data},\"parameters\":{{}}}}],\"id\":\"after-data\"}}";
        using var document = JsonDocument.Parse(body); // the body is JSON
        ScoringRequest request = V2InferParser.Parse(Encoding.UTF8.GetBytes(body), 8);
        Assert.Equal("after-data", request.Id); // the fields after the data array are still read
        Assert.Equal(rows, request.Rows);
        for (int i = 0; i < x.Length; i++)
        {
            // E9 keeps 10 significant digits, enough to round-trip a binary32.
            Assert.Equal(BitConverter.SingleToInt32Bits(x[i]), BitConverter.SingleToInt32Bits(request.Features[i]));
        }
    }

    public static TheoryData<string, string> NotJson() => new()
    {
        { "leading zero", "01" },
        { "plus sign", "+1" },
        { "bare fraction", ".5" },
        { "no fraction digits", "1." },
        { "no exponent digits", "1e" },
        { "exponent sign only", "1e+" },
        { "lone minus", "-" },
        { "two points", "1.5.2" },
        { "hex", "0x10" },
        { "infinity word", "Infinity" },
        { "NaN word", "NaN" },
        { "trailing comma", "1," },
        { "leading comma", ",1" },
        { "missing comma", "1 2" },
    };

    [Theory]
    [MemberData(nameof(NotJson))]
    public void InvalidNumbersAndSeparators_AreNotJson(string name, string first)
    {
        string body = $"{{\"inputs\":[{{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,768],\"data\":[{first}]}}]}}";
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body)); // the oracle agrees it is not JSON
        var ex = Assert.Throws<ServingRequestException>(() => V2InferParser.Parse(Encoding.UTF8.GetBytes(body), 8));
        Assert.Equal(400, ex.Status);
        Assert.True(ex.Message.StartsWith("the body is not valid JSON", StringComparison.Ordinal), $"{name}: {ex.Message}");
    }

    [Theory]
    [InlineData("\"0.5\"", "inputs[0].data[0] is a string; expected a number")]
    [InlineData("0.5,true", "inputs[0].data[1] is a boolean; expected a number")]
    [InlineData("0.5,null", "inputs[0].data[1] is null; expected a number")]
    [InlineData("{}", "inputs[0].data[0] is an object; expected a number")]
    public void NonNumbers_AreNamed(string data, string expected)
    {
        string body = $"{{\"inputs\":[{{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,768],\"data\":[{data}]}}]}}";
        var ex = Assert.Throws<ServingRequestException>(() => V2InferParser.Parse(Encoding.UTF8.GetBytes(body), 8));
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void ATruncatedBody_IsNotJson()
    {
        string body = ServingVersions.V2Body(ServingVersions.RandomRows(1, seed: 32), 1);
        foreach (int cut in new[] { 5, 200, body.Length - 4 })
        {
            var ex = Assert.Throws<ServingRequestException>(() => V2InferParser.Parse(Encoding.UTF8.GetBytes(body[..^cut]), 8));
            Assert.StartsWith("the body is not valid JSON", ex.Message, StringComparison.Ordinal);
        }
    }
}
