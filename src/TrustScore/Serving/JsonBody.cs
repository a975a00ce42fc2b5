using System.Text.Json;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// What the request parsers share: the reader settings, token stepping that turns a truncated
/// body into a 400, the one number conversion (binary64 read, rounded once to binary32, as the
/// dataset reader does) and the schema check every row passes before it is scored.
/// </summary>
internal static class JsonBody
{
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    public static ServingRequestException NotJson(JsonException ex) => Bad($"the body is not valid JSON: {ex.Message}");

    public static void ValidateRows(FloatRows rows, Func<int, string> label)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            string? problem = FeatureSchema.Validate(rows.Row(i));
            if (problem is not null)
            {
                throw Bad($"{label(i)}: {problem}");
            }
        }
    }

    public static float Number(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && JsonNumber.TryParseExact(reader.ValueSpan, out double fast))
        {
            return (float)fast;
        }

        return reader.TryGetDouble(out double d) ? (float)d : float.PositiveInfinity; // beyond binary64: not finite, refused by validation
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
