using System.Text.Json.Nodes;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Data;

public class JsonlRecordReaderTests
{
    private static BadInputException ReadFails(TempDirectory dir, params string[] lines)
    {
        string path = dir.Combine("d.jsonl");
        File.WriteAllLines(path, lines);
        return Assert.Throws<BadInputException>(() => JsonlRecordReader.Read(path).ToList());
    }

    private static string Line(Action<JsonObject> edit)
    {
        var r = VeidTestData.Record("a");
        edit(r);
        return r.ToJsonString();
    }

    [Fact]
    public void ValidStructuredRecord_IsAssembled()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("d.jsonl");
        VeidTestData.WriteJsonl(path, [VeidTestData.Record("a", 3)]);
        var record = Assert.Single(JsonlRecordReader.Read(path));
        Assert.Equal("a", record.SampleId);
        Assert.Equal(13.0, record.TrustScore);
        Assert.Equal(768, record.Features.Length);
        Assert.Null(FeatureSchema.Validate(record.Features));
    }

    [Fact]
    public void LineThatIsNotJson_NamesFileAndLine()
    {
        using var dir = new TempDirectory();
        var ex = ReadFails(dir, VeidTestData.Record("a").ToJsonString(), "{not json");
        Assert.StartsWith(dir.Combine("d.jsonl") + ":2: line is not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineThatIsAnArray_IsRejected()
    {
        using var dir = new TempDirectory();
        Assert.Contains(":1: expected a JSON object per line, found array", ReadFails(dir, "[1,2]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingField_IsNamed()
    {
        using var dir = new TempDirectory();
        var ex = ReadFails(dir, Line(r => r.Remove("trust_score")));
        Assert.EndsWith(":1: required field 'trust_score' is missing.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNWrittenAsString_IsAWrongType()
    {
        using var dir = new TempDirectory();
        var ex = ReadFails(dir, Line(r => r["face_confidence"] = "NaN"));
        Assert.Contains("field 'face_confidence' must be a number, found the string \"NaN\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InfiniteNumber_IsRejected()
    {
        using var dir = new TempDirectory();
        string line = Line(r => r["sharpness"] = 12345).Replace("12345", "1e999", StringComparison.Ordinal);
        var ex = ReadFails(dir, line);
        Assert.Contains("field 'sharpness' is 1e999, which is not a finite number as float32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddingValueOverflowingFloat32_IsRejected()
    {
        using var dir = new TempDirectory();
        var ex = ReadFails(dir, Line(r => r["face_embedding"]![4] = 1e39));
        Assert.Contains("'face_embedding[4]' is 1E+39, which is not a finite number as float32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrecomputedVectorOf767Floats_IsRejected()
    {
        using var dir = new TempDirectory();
        var features = new JsonArray(Enumerable.Range(0, 767).Select(i => (JsonNode)JsonValue.Create(i == 0 ? 1.0 : 0.0)).ToArray());
        var ex = ReadFails(dir, Line(r => r["features"] = features));
        Assert.Contains("field 'features' expected 768 floats, found 767", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrecomputedVector_IsUsedAsGiven()
    {
        using var dir = new TempDirectory();
        float[] vector = FeatureSchemaTests.ValidVector();
        var features = new JsonArray(vector.Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
        string path = dir.Combine("d.jsonl");
        VeidTestData.WriteJsonl(path, [new JsonObject
        {
            ["sample_id"] = "p",
            ["document_type"] = "id_card",
            ["trust_score"] = 50,
            ["is_genuine"] = true,
            ["fraud_type"] = null,
            ["face_confidence"] = 0.9,
            ["document_quality_score"] = 0.9,
            ["ocr_confidence"] = 0.9,
            ["features"] = features,
        }]);
        Assert.Equal(vector, Assert.Single(JsonlRecordReader.Read(path)).Features);
    }

    [Fact]
    public void LabelOutOfRange_IsRejected()
    {
        using var dir = new TempDirectory();
        Assert.Contains("field 'trust_score' is 101, expected a value in [0, 100]", ReadFails(dir, Line(r => r["trust_score"] = 101)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMark_IsTolerated()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("d.jsonl");
        File.WriteAllText(path, VeidTestData.Record("a").ToJsonString() + "\n", new System.Text.UTF8Encoding(true));
        Assert.Equal("a", Assert.Single(JsonlRecordReader.Read(path)).SampleId);
    }
}
