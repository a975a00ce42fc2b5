using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;

namespace TrustScore.Signing;

/// <summary>
/// Typed reads of JSON fields that name the dotted field path in their error
/// (<c>gates.results[2].threshold must be a number</c>). Throws <see cref="FormatException"/>.
/// </summary>
internal static class JsonFields
{
    public static JsonNode ParseDocument(ReadOnlySpan<byte> utf8, string what)
    {
        try
        {
            return StrictJson.ParseNode(utf8)
                ?? throw new FormatException($"{what} is JSON null, not an object.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{what} is not valid JSON: {ex.Message}", ex);
        }
    }

    public static JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw new FormatException($"'{path}' must be an object.");

    public static JsonArray Array(JsonNode? node, string path) =>
        node as JsonArray ?? throw new FormatException($"'{path}' must be an array.");

    public static JsonObject Object(JsonObject parent, string key, string path) => Object(Required(parent, key, path), Join(path, key));

    public static JsonArray Array(JsonObject parent, string key, string path) => Array(Required(parent, key, path), Join(path, key));

    public static string String(JsonObject parent, string key, string path) => String(Required(parent, key, path), Join(path, key));

    public static string String(JsonNode? node, string path) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new FormatException($"'{path}' must be a string.");

    public static double Number(JsonObject parent, string key, string path) => Number(Required(parent, key, path), Join(path, key));

    public static double Number(JsonNode? node, string path) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<double>()
            : throw new FormatException($"'{path}' must be a number.");

    public static long Integer(JsonObject parent, string key, string path)
    {
        JsonNode node = Required(parent, key, path);
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out long result))
        {
            return result;
        }

        if (node is JsonValue element && element.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long fromElement))
        {
            return fromElement;
        }

        throw new FormatException($"'{Join(path, key)}' must be an integer.");
    }

    public static bool Boolean(JsonObject parent, string key, string path)
    {
        JsonNode node = Required(parent, key, path);
        return node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : throw new FormatException($"'{Join(path, key)}' must be true or false.");
    }

    public static JsonNode Required(JsonObject parent, string key, string path) =>
        parent.TryGetPropertyValue(key, out JsonNode? node) && node is not null
            ? node
            : throw new FormatException($"'{Join(path, key)}' is missing.");

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
