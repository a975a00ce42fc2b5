using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Data;
using TrustScore.IO;

namespace TrustScore.Tests.Data;

public class FeatureSchemaTests
{
    /// <summary>A valid vector built by hand from the layout in docs/feature-schema.md.</summary>
    internal static float[] ValidVector()
    {
        var v = new float[768];
        v[0] = 0.6f;
        v[1] = 0.8f;
        for (int i = 512; i <= 518; i++)
        {
            v[i] = 0.5f;
        }

        for (int f = 0; f < 5; f++)
        {
            v[519 + (2 * f)] = 0.5f; // OCR confidence; the validated flag after it stays 0
        }

        v[520] = 1f; // name validated
        v[529] = 0.3f; // scope_count 3
        v[530] = 1f; // id_document
        return v;
    }

    [Fact]
    public void EmbeddedJson_IsCanonical_AndDigestIsItsSha256()
    {
        byte[] bytes = FeatureSchema.Json.ToArray();
        Assert.Equal(bytes, CanonicalJson.ToUtf8Bytes(JsonNode.Parse(bytes)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), FeatureSchema.Digest);
    }

    [Fact]
    public void Blocks_TileAll768Positions_InOrder()
    {
        using var doc = JsonDocument.Parse(FeatureSchema.Json.ToArray());
        int next = 0;
        foreach (var block in doc.RootElement.GetProperty("blocks").EnumerateArray())
        {
            Assert.Equal(next, block.GetProperty("offset").GetInt32());
            next += block.GetProperty("length").GetInt32();
        }

        Assert.Equal(768, next);
        Assert.Equal(768, doc.RootElement.GetProperty("dimension").GetInt32());
        Assert.DoesNotContain("block_height", doc.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsAValidVector() => Assert.Null(FeatureSchema.Validate(ValidVector()));

    [Fact]
    public void Validate_Rejects767Floats()
    {
        Assert.Equal("expected 768 floats, found 767", FeatureSchema.Validate(ValidVector().AsSpan(0, 767)));
    }

    [Theory]
    [InlineData(5, float.NaN, "position 5 (face_embedding[5]) is NaN")]
    [InlineData(512, float.PositiveInfinity, "position 512 (face_confidence) is Infinity")]
    [InlineData(513, 1.5f, "document_quality_score) is 1.5, expected a value in [0, 1]")]
    [InlineData(520, 0.5f, "ocr_name_validated) is 0.5, expected 0 or 1")]
    [InlineData(600, 0.1f, "reserved positions must be 0")]
    [InlineData(529, 0.25f, "scope_count_scaled")]
    public void Validate_RejectsBadPositions(int index, float value, string expected)
    {
        var v = ValidVector();
        v[index] = value;
        string? problem = FeatureSchema.Validate(v);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsZeroAndUnnormalisedEmbeddings()
    {
        var zero = ValidVector();
        zero[0] = 0;
        zero[1] = 0;
        Assert.Contains("all zeros", FeatureSchema.Validate(zero), StringComparison.Ordinal);
        var big = ValidVector();
        big[0] = 3;
        big[1] = 4;
        Assert.Contains("L2 norm 5", FeatureSchema.Validate(big), StringComparison.Ordinal);
    }
}
