using System.Buffers.Binary;
using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>Field access over one row of a Parquet row group already read into column arrays.</summary>
internal sealed class ParquetRecordFields(IReadOnlyDictionary<string, Array> columns, int row, RecordLocation location) : IRecordFields
{
    public RecordLocation Location { get; } = location;

    public bool Has(string name) => columns.ContainsKey(name);

    public string GetString(string name) => GetNullableString(name) ?? throw Null(name);

    public string? GetNullableString(string name) => ((string?[])Column(name))[row];

    public double GetNumber(string name)
    {
        double v = ((double?[])Column(name))[row] ?? throw Null(name);
        return double.IsFinite(v) ? v : throw RecordBuilder.Fail(this, name, $"is {RecordBuilder.Show(v)}, not a finite number");
    }

    /// <summary>Parquet stores binary64: one rounding to binary32, no text involved.</summary>
    public float GetFloat(string name) => (float)GetNumber(name);

    public int GetInteger(string name) => ((int?[])Column(name))[row] ?? throw Null(name);

    public bool GetBool(string name) => ((bool?[])Column(name))[row] ?? throw Null(name);

    public float[] GetFloats(string name)
    {
        byte[] bytes = ((byte[]?[])Column(name))[row] ?? throw Null(name);
        if (bytes.Length % 4 != 0)
        {
            throw RecordBuilder.Fail(this, name, $"has {bytes.Length} bytes, not a whole number of little-endian float32 values");
        }

        var result = new float[bytes.Length / 4];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
            if (!float.IsFinite(result[i]))
            {
                throw RecordBuilder.Fail(this, $"{name}[{i}]", $"is {RecordBuilder.Show(result[i])}, not a finite number");
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetStringList(string name)
    {
        string text = GetNullableString(name) ?? throw Null(name);
        return text.Length == 0 ? [] : text.Split(',');
    }

    private Array Column(string name) =>
        columns.TryGetValue(name, out var c) ? c : throw new BadInputException($"{Location}: required field '{name}' is missing.");

    private BadInputException Null(string name) => RecordBuilder.Fail(this, name, "is null");
}
