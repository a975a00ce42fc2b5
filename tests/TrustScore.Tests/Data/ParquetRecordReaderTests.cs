using Parquet;
using Parquet.Schema;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Data;

public class ParquetRecordReaderTests
{
    private static async Task WriteSingleRow(string path, ParquetSchema schema, Func<DataField, object> valueFor)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        foreach (var field in schema.GetDataFields())
        {
            object value = valueFor(field);
            switch (value)
            {
                case string s:
                    await group.WriteAsync(field, new[] { s });
                    break;
                case byte[] b:
                    await group.WriteAsync(field, new[] { b });
                    break;
                case double d:
                    await group.WriteAsync(field, new ReadOnlyMemory<double?>([d]));
                    break;
                case bool x:
                    await group.WriteAsync(field, new ReadOnlyMemory<bool?>([x]));
                    break;
                case int i:
                    await group.WriteAsync(field, new ReadOnlyMemory<int?>([i]));
                    break;
                default:
                    throw new InvalidOperationException(field.Name);
            }
        }
    }

    private static object ValidValue(DataField f) => f.Name switch
    {
        "sample_id" => "row-1",
        "document_type" => "passport",
        "fraud_type" => "none",
        "scope_types" => "id_document,selfie",
        "face_embedding" => SyntheticDataset.FloatBytes([1f, .. new float[511]]),
        "scope_count" => 2,
        _ when f.ClrType == typeof(bool) => true,
        "trust_score" => 70.0,
        _ => 0.75,
    };

    [Fact]
    public async Task ValidRow_IsRead()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("d.parquet");
        await WriteSingleRow(path, ParquetLayout.StructuredSchema(), ValidValue);
        var record = Assert.Single(ParquetRecordReader.Read(path));
        Assert.Equal(("row-1", 70.0, 1f), (record.SampleId, record.TrustScore, record.Features[0]));
        Assert.Equal(["id_document", "selfie"], new[] { record.Features[528] == 1f ? "id_document" : "?", record.Features[529] == 1f ? "selfie" : "?" });
    }

    [Fact]
    public async Task NaNInADoubleColumn_NamesRowAndField()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("d.parquet");
        await WriteSingleRow(path, ParquetLayout.StructuredSchema(), f => f.Name == "face_confidence" ? double.NaN : ValidValue(f));
        var ex = Assert.Throws<BadInputException>(() => ParquetRecordReader.Read(path).ToList());
        Assert.Equal($"{path}: row 1: field 'face_confidence' is NaN, not a finite number.", ex.Message);
    }

    [Fact]
    public async Task WrongColumnType_IsRejectedBeforeReadingRows()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("d.parquet");
        var fields = ParquetLayout.StructuredSchema().GetDataFields()
            .Select(f => f.Name == "trust_score" ? new DataField("trust_score", typeof(string)) : f).Cast<Field>().ToArray();
        await WriteSingleRow(path, new ParquetSchema(fields), f => f.Name == "trust_score" ? "seventy" : ValidValue(f));
        var ex = Assert.Throws<BadInputException>(() => ParquetRecordReader.Read(path).ToList());
        Assert.Equal($"{path}: Parquet column 'trust_score' has type string, expected double.", ex.Message);
    }

    [Fact]
    public async Task MissingColumn_IsRejected()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("d.parquet");
        var fields = ParquetLayout.StructuredSchema().GetDataFields().Where(f => f.Name != "is_genuine").Cast<Field>().ToArray();
        await WriteSingleRow(path, new ParquetSchema(fields), ValidValue);
        var ex = Assert.Throws<BadInputException>(() => ParquetRecordReader.Read(path).ToList());
        Assert.Contains("Parquet schema has no column 'is_genuine' (boolean)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAParquetFile_IsBadInput()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("d.parquet");
        File.WriteAllText(path, "this is not parquet at all, just text");
        var ex = Assert.Throws<BadInputException>(() => ParquetRecordReader.Read(path).ToList());
        Assert.Contains("not a readable Parquet file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedFile_IsBadInput()
    {
        using var dir = new TempDirectory();
        var full = SyntheticDataset.Generate(dir.Combine("full"), 50, 1, SyntheticFormat.Parquet);
        byte[] bytes = File.ReadAllBytes(full.Path);
        string path = dir.Combine("cut.parquet");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Throws<BadInputException>(() => ParquetRecordReader.Read(path).ToList());
    }
}
