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
        for (int i = 512; i <= 516; i++)
        {
            v[i] = 0.5f; // document quality, sharpness, brightness, contrast, 1 − noise
        }

        for (int f = 0; f < 5; f++)
        {
            v[517 + (2 * f)] = 0.5f; // OCR confidence; the validated flag after it stays 0
        }

        v[518] = 1f; // name validated
        v[527] = 0.3f; // scope_count 3
        v[528] = 1f; // id_document
        v[536] = 0.5f; // face_confidence
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
        // The node's block-height slot is declared and is not a model input (docs/feature-schema.md).
        var slot = doc.RootElement.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("name").GetString() == "block_height_fraction");
        Assert.Equal((537, 1, "ignored"), (slot.GetProperty("offset").GetInt32(), slot.GetProperty("length").GetInt32(), slot.GetProperty("kind").GetString()));
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
    [InlineData(536, float.PositiveInfinity, "position 536 (face_confidence) is Infinity")]
    [InlineData(512, 1.5f, "document_quality_score) is 1.5, expected a value in [0, 1]")]
    [InlineData(518, 0.5f, "ocr_name_validated) is 0.5, expected 0 or 1")]
    [InlineData(535, 0.5f, "scope_flag_domain_verify) is 0.5, expected 0 or 1")]
    [InlineData(537, 1.5f, "block_height_fraction) is 1.5, expected a value in [0, 1]")]
    [InlineData(538, 0.1f, "reserved positions must be 0")]
    [InlineData(600, 0.1f, "reserved positions must be 0")]
    [InlineData(527, 0.25f, "scope_count_scaled")]
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

    [Fact]
    public void ValidateForScoring_AcceptsTheNodesBlockHeightFraction_AndScoresItAsZero()
    {
        // The node's extractor writes float32(height mod 10^6) / 10^6 at 537 (docs/feature-schema.md).
        var v = ValidVector();
        v[537] = 123456f / 1000000f;
        Assert.Null(FeatureSchema.Validate(v));
        var canonical = (float[])v.Clone();
        Assert.Null(FeatureSchema.ValidateForScoring(canonical));
        Assert.Equal(0f, canonical[537]);
        Assert.False(float.IsNegative(canonical[537]));
        canonical[537] = v[537];
        Assert.Equal(v, canonical); // nothing else changed
    }

    [Fact]
    public void ValidateForScoring_LeavesAnInvalidVectorUnchanged()
    {
        var v = ValidVector();
        v[537] = 0.5f;
        v[600] = 1f;
        Assert.NotNull(FeatureSchema.ValidateForScoring(v));
        Assert.Equal(0.5f, v[537]);
    }
}
