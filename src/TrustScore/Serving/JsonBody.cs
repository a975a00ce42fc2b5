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
