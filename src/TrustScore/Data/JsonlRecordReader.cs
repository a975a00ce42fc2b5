using System.Text;
using System.Text.Json;
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
        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false);
        long lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException ex)
            {
                throw new BadInputException($"{path}:{lineNumber + 1}: the file is not valid UTF-8.", ex);
            }

            if (line is null)
            {
                yield break;
            }

            lineNumber++;
            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..]; // tolerate a UTF-8 byte-order mark
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var location = new RecordLocation(path, lineNumber, IsRow: false);
            yield return Parse(line, location);
        }
    }

    private static VeidRecord Parse(string line, RecordLocation location)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
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
