using System.Globalization;
using TrustScore.Consensus.Numerics;
using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Scoring;

/// <summary>Field access over one CSV row by header name (see <see cref="CsvScoreInput"/> for the cell conventions).</summary>
internal sealed class CsvRecordFields(IReadOnlyDictionary<string, int> columns, string[] cells, RecordLocation location) : IRecordFields
{
    private static readonly char[] NumberSeparators = [';', ' ', '\t'];
    private static readonly char[] NameSeparators = [';', ','];

    public RecordLocation Location { get; } = location;

    public bool Has(string name) => columns.TryGetValue(name, out int c) && cells[c].Trim().Length > 0;

    public string GetString(string name) => GetNullableString(name) ?? throw Missing(name);

    public string? GetNullableString(string name)
    {
        string cell = Cell(name);
        return cell.Length == 0 ? null : cell;
    }

    public double GetNumber(string name)
    {
        string cell = Cell(name).Trim();
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw RecordBuilder.Fail(this, name, $"is '{cell}', not a finite number");
    }

    public float GetFloat(string name)
    {
        string cell = Cell(name).Trim();
        return TryParseFloat(cell, out float v) ? v : throw RecordBuilder.Fail(this, name, $"is '{cell}', not a finite float32 number");
    }

    public int GetInteger(string name)
    {
        string cell = Cell(name).Trim();
        return int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw RecordBuilder.Fail(this, name, $"is '{cell}', not an integer");
    }

    public bool GetBool(string name) => Cell(name).Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        string other => throw RecordBuilder.Fail(this, name, $"is '{other}', expected true, false, 1 or 0"),
    };

    public float[] GetFloats(string name)
    {
        string[] parts = Cell(name).Split(NumberSeparators, StringSplitOptions.RemoveEmptyEntries);
        var result = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!TryParseFloat(parts[i], out result[i]))
            {
                throw RecordBuilder.Fail(this, $"{name}[{i}]", $"is '{parts[i]}', not a finite float32 number");
            }
        }

        return result;
    }

    public IReadOnlyList<string> GetStringList(string name) =>
        Cell(name).Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses an invariant-culture number to binary32 with one rounding (docs/numerics.md §11); false unless finite.</summary>
    public static bool TryParseFloat(string text, out float value) => Binary32Text.TryParse(text.AsSpan().Trim(), out value);

    private string Cell(string name) => columns.TryGetValue(name, out int c) ? cells[c] : throw Missing(name);

    private BadInputException Missing(string name) => new($"{Location}: required field '{name}' is missing.");
}
