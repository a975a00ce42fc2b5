using System.Text.Json;
using TrustScore.Consensus.Json;
using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>
/// Streams VEID records from a JSON Lines file: one JSON object per line, UTF-8, blank lines
/// ignored (docs/dataset-format.md). Only one line is in memory at a time. A line that is not a
/// JSON object, or a record with a missing or invalid field, stops the read with its line number.
/// </summary>
public static class JsonlRecordReader
{
    /// <summary>Reads <paramref name="path"/> lazily, one validated record per non-blank line.</summary>
    public static IEnumerable<VeidRecord> Read(string path)
    {
        foreach (var (lineNumber, line) in TextLines.NonBlank(path))
        {
            yield return Parse(line, new RecordLocation(path, lineNumber, IsRow: false));
        }
    }

    private static VeidRecord Parse(string line, RecordLocation location)
    {
        JsonDocument doc;
        try
        {
            doc = StrictJson.ParseDocument(line);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"{location}: line is not valid JSON ({ex.Message.Split('.')[0]}).", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new BadInputException($"{location}: expected a JSON object per line, found {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            return RecordBuilder.Build(new JsonlRecordFields(doc.RootElement, location));
        }
    }
}
