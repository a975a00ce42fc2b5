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

    public static ServingRequestException NotJson(JsonException ex) => Bad($"the body is not valid JSON: {ex.Message}");

    /// <summary>
    /// Refuses a body in which one object holds the same key twice (after unescaping: <c>"a"</c>
    /// and <c>"\u0061"</c> are the same key), at any depth — structured records and parameters
    /// included. JSON leaves the meaning of a repeated key open (first wins in some parsers, last
    /// in others), so a request that two readers could score differently is refused, as every
    /// file the tool reads is (docs/serving.md). One extra pass of the reader over the body, before
    /// the parser's own; a malformed body is left to the parser's message.
    /// </summary>
    /// <exception cref="ServingRequestException">400 naming the key and where it repeats.</exception>
    public static void RefuseDuplicateKeys(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);

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
