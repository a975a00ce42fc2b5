using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrustScore.Consensus.Json;
using TrustScore.Consensus.Numerics;
using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Scoring;

/// <summary>
/// Streams the rows of a scoring input file (docs/scoring.md): JSON Lines (a record object or a
/// bare 768-number array per line), CSV (a header, then records or 768-number vectors) or
/// Parquet (the dataset's columns). A bad row becomes a <see cref="ScoreInput"/> carrying its
/// <c>file:line</c> error, so every bad row can be reported, not only the first.
/// </summary>
public static class ScoreInputReader
{
    /// <summary>The format of <paramref name="path"/>, from its extension.</summary>
    /// <exception cref="BadInputException">The extension is not one of .jsonl, .ndjson, .csv, .parquet.</exception>
    public static ScoreInputFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => ScoreInputFormat.Jsonl,
        ".csv" => ScoreInputFormat.Csv,
        ".parquet" => ScoreInputFormat.Parquet,
        _ => throw new BadInputException($"{path}: unknown input format '{Path.GetExtension(path)}'; use .jsonl, .ndjson, .csv or .parquet."),
    };

    /// <summary>Reads <paramref name="path"/> lazily.</summary>
    /// <exception cref="BadInputException">The file does not exist, or is unreadable as a whole (bad header, not Parquet, not UTF-8).</exception>
    public static IEnumerable<ScoreInput> Read(string path)
    {
        var format = FormatOf(path);
        if (!File.Exists(path))
        {
            throw new BadInputException($"Input file '{path}' does not exist.");
        }

        return format switch
        {
            ScoreInputFormat.Jsonl => ReadJsonl(path),
            ScoreInputFormat.Csv => CsvScoreInput.Read(path),
            _ => ParquetRecordReader.ReadFields(path, requireLabels: false).Select((f, i) => ScoreRowBuilder.Build(f, i + 1L)),
        };
    }

    private static IEnumerable<ScoreInput> ReadJsonl(string path)
    {
        long ordinal = 0;
        foreach (var (lineNumber, line) in TextLines.NonBlank(path))
        {
            ordinal++;
            var location = new RecordLocation(path, lineNumber, IsRow: false);
            yield return ParseJsonLine(line, location, ordinal);
        }
    }

    private static ScoreInput ParseJsonLine(string line, RecordLocation location, long ordinal)
    {
        JsonDocument doc;
        try
        {
            doc = StrictJson.ParseDocument(line);
        }
        catch (JsonException ex)
        {
            return ScoreInput.Bad(location.ToString(), $"{location}: line is not valid JSON ({ex.Message.Split('.')[0]}).");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return ScoreRowBuilder.Build(new JsonlRecordFields(root, location), ordinal);
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return ScoreInput.Bad(location.ToString(), $"{location}: expected a JSON object (record) or array (feature vector), found {root.ValueKind.ToString().ToLowerInvariant()}.");
            }

            var vector = new float[root.GetArrayLength()];
            int i = 0;
            foreach (var item in root.EnumerateArray())
            {
                float value = item.ValueKind == JsonValueKind.Number && Binary32Text.TryParse(JsonMarshal.GetRawUtf8Value(item), out float f) ? f : float.NaN;
                if (!float.IsFinite(value))
                {
                    return ScoreInput.Bad(location.ToString(), $"{location}: feature vector position {i} is {item.GetRawText()}, not a finite float32 number.");
                }

                vector[i++] = value;
            }

            return ScoreRowBuilder.FromVector(location, ordinal.ToString(CultureInfo.InvariantCulture), vector);
        }
    }
}
