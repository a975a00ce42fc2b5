using System.Globalization;
using System.Text;
using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Scoring;

/// <summary>
/// CSV scoring input (RFC 4180 quoting, one row per line, comma-separated, header first). Two
/// layouts, chosen by the header: <b>records</b> — the dataset's field names, with
/// <c>face_embedding</c> (or <c>features</c>) as numbers separated by <c>;</c> or spaces and
/// <c>scope_types</c> as names separated by <c>;</c>; or <b>vectors</b> — an optional
/// <c>sample_id</c> column plus exactly 768 numeric columns in feature order.
/// </summary>
internal static class CsvScoreInput
{
    public static IEnumerable<ScoreInput> Read(string path)
    {
        using var lines = TextLines.NonBlank(path).GetEnumerator();
        if (!lines.MoveNext())
        {
            yield break;
        }

        var (headerLine, headerText) = lines.Current;
        string[] header = SplitOrThrow(headerText, new RecordLocation(path, headerLine, IsRow: false));
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i].Trim();
            if (!columns.TryAdd(name, i))
            {
                throw new BadInputException($"{path}:{headerLine}: the header names column '{name}' twice.");
            }
        }

        bool records = columns.ContainsKey(VeidColumns.FaceEmbedding) || columns.ContainsKey(VeidColumns.Features);
        int idColumn = columns.GetValueOrDefault(VeidColumns.SampleId, -1);
        int vectorColumns = header.Length - (idColumn >= 0 ? 1 : 0);
        if (!records && vectorColumns != FeatureSchema.Dimension)
        {
            throw new BadInputException(
                $"{path}:{headerLine}: the header has {vectorColumns} feature columns; a vector CSV needs an optional sample_id plus exactly {FeatureSchema.Dimension}, a record CSV needs face_embedding or features (docs/scoring.md).");
        }

        long ordinal = 0;
        while (lines.MoveNext())
        {
            var (lineNumber, text) = lines.Current;
            ordinal++;
            var location = new RecordLocation(path, lineNumber, IsRow: false);
            string[]? cells = Split(text, out string? problem);
            if (cells is null || cells.Length != header.Length)
            {
                yield return ScoreInput.Bad(location.ToString(), cells is null
                    ? $"{location}: {problem}."
                    : $"{location}: the row has {cells.Length} cells; the header has {header.Length}.");
                continue;
            }

            yield return records
                ? ScoreRowBuilder.Build(new CsvRecordFields(columns, cells, location), ordinal)
                : Vector(cells, idColumn, location, ordinal);
        }
    }

    private static ScoreInput Vector(string[] cells, int idColumn, RecordLocation location, long ordinal)
    {
        var vector = new float[FeatureSchema.Dimension];
        int k = 0;
        for (int c = 0; c < cells.Length; c++)
        {
            if (c == idColumn)
            {
                continue;
            }

            if (!CsvRecordFields.TryParseFloat(cells[c], out vector[k]))
            {
                return ScoreInput.Bad(location.ToString(), $"{location}: feature {k} is '{cells[c].Trim()}', not a finite float32 number.");
            }

            k++;
        }

        string id = idColumn >= 0 && cells[idColumn].Length > 0 ? cells[idColumn] : ordinal.ToString(CultureInfo.InvariantCulture);
        return ScoreRowBuilder.FromVector(location, id, vector);
    }

    private static string[] SplitOrThrow(string line, RecordLocation location) =>
        Split(line, out string? problem) ?? throw new BadInputException($"{location}: {problem}.");

    /// <summary>Splits one CSV line; null with a reason when its quoting is broken.</summary>
    internal static string[]? Split(string line, out string? problem)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        problem = "a quoted cell is not closed on this line";
                        return null;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    problem = $"unexpected character '{line[i]}' after a quoted cell (column {cells.Count + 1})";
                    return null;
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    cell.Append(line[i++]);
                }
            }

            cells.Add(cell.ToString());
            cell.Clear();
            if (i >= line.Length)
            {
                problem = null;
                return [.. cells];
            }

            i++; // the comma
        }
    }
}
