using System.Buffers;
using System.Text.Json;
using TrustScore.Consensus.Numerics;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// What the request parsers share: the reader settings, token stepping that turns a truncated
/// body into a 400, the one number conversion (the decimal text rounded once to binary32,
/// <see cref="Binary32Text"/>, docs/numerics.md §11, as every reader does) and the schema check
/// every row passes before it is scored.
/// </summary>
internal static class JsonBody
{
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    // What may sit between the brackets of an array of numbers (nested brackets aside).
    private static readonly SearchValues<byte> NumberArrayBytes = SearchValues.Create("0123456789+-.eE, \t\r\n"u8);

    public static ServingRequestException NotJson(JsonException ex) => Bad($"the body is not valid JSON: {ex.Message}");

    /// <summary>
    /// Refuses a body in which one object holds the same key twice (after unescaping: <c>"a"</c>
    /// and <c>"\u0061"</c> are the same key), at any depth — structured records and parameters
    /// included. JSON leaves the meaning of a repeated key open (first wins in some parsers, last
    /// in others), so a request that two readers could score differently is refused, as every
    /// file the tool reads is (docs/serving.md). One extra pass over the body, before the parser's
    /// own; a malformed body is left to the parser's message. An array that holds only numbers
    /// (possibly nested) cannot hide a key, so it is stepped over with a vectorised byte scan instead
    /// of token by token: tokenising the 49,152 numbers of a 64-row request cost 1.1 ms, more than
    /// a third of parsing it (docs/benchmarks.md).
    /// </summary>
    /// <exception cref="ServingRequestException">400 naming the key and where it repeats.</exception>
    public static void RefuseDuplicateKeys(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        int offset = 0; // where the reader's span starts in the body (it restarts after a skipped array)

        // One entry per open container: its keys so far (null for an array) and where it is.
        var open = new Stack<(HashSet<string>? Keys, string Where)>();
        string where = "the body";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        string here = open.Count == 0 ? "the body" : open.Peek().Keys is null ? open.Peek().Where + "[]" : where;
                        open.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, here));
                        if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            int close = NumbersOnlyArrayEnd(body, offset + (int)reader.TokenStartIndex);
                            if (close >= 0)
                            {
                                // Restart on the closing bracket with the state at the opening one:
                                // to the reader, an empty array.
                                reader = new Utf8JsonReader(body[close..], isFinalBlock: true, reader.CurrentState);
                                offset = close;
                            }
                        }

                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        string key = reader.GetString()!;
                        var (keys, at) = open.Peek();
                        if (!keys!.Add(key))
                        {
                            throw Bad($"the key \"{key}\" appears twice in one object (in {at}); each key may appear once in a request");
                        }

                        where = at == "the body" ? key : $"{at}.{key}";
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the parser reports it in its own words.
        }
    }

    /// <summary>
    /// Index of the <c>]</c> closing the array that opens at <paramref name="start"/> when everything
    /// in between is number characters, commas, white space and nested brackets (no string, object
    /// or literal, so no key); −1 otherwise or when the body ends first. Whether the numbers are well
    /// formed is the parser's business.
    /// </summary>
    private static int NumbersOnlyArrayEnd(ReadOnlySpan<byte> body, int start)
    {
        int depth = 0;
        int i = start;
        while (true)
        {
            byte c = body[i];
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                return -1;
            }

            int next = body[(i + 1)..].IndexOfAnyExcept(NumberArrayBytes);
            if (next < 0)
            {
                return -1;
            }

            i += 1 + next;
        }
    }

    public static void ValidateRows(FloatRows rows, Func<int, string> label)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            string? problem = FeatureSchema.ValidateForScoring(rows.Row(i));
            if (problem is not null)
            {
                throw Bad($"{label(i)}: {problem}");
            }
        }
    }

    public static float Number(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return Binary32Text.TryParse(text, out float value) ? value : float.PositiveInfinity; // not finite as binary32: refused by validation
    }

    public static void ReadObjectStart(ref Utf8JsonReader reader, string what)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"{what} must be a JSON object");
        }
    }

    public static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw Bad("the body ends too early");

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };

    public static ServingRequestException Bad(string message) => new(400, message);
}
