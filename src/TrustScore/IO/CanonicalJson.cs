using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustScore.IO;

/// <summary>
/// The project's one canonical JSON rule (docs/formats.md): UTF-8 without BOM; object keys sorted
/// by ordinal (UTF-16 code unit) order at every level; arrays keep their order; two-space
/// indentation with LF line ends and a final LF; strings escaped only where JSON requires it
/// (quote, backslash, control characters); numbers in .NET's shortest round-trip form. Values
/// whose bits matter (float outputs) are written as hex strings, never as JSON numbers.
/// The same logical document therefore always has the same bytes and the same SHA-256.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions CompactWriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Canonical UTF-8 bytes of <paramref name="node"/>.</summary>
    public static byte[] ToUtf8Bytes(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(writer, node);
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// The one-line form of the same rule (sorted keys, no whitespace, no final LF) for
    /// line-oriented files such as the audit log, where each record must be a single line.
    /// </summary>
    public static byte[] ToCompactUtf8Bytes(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, CompactWriterOptions))
        {
            Write(writer, node);
        }

        return stream.ToArray();
    }

    /// <summary>Canonical text of <paramref name="node"/>.</summary>
    public static string ToText(JsonNode? node) => Encoding.UTF8.GetString(ToUtf8Bytes(node));

    /// <summary>Canonical bytes of any value serialisable by System.Text.Json.</summary>
    public static byte[] ToUtf8Bytes<T>(T value) =>
        ToUtf8Bytes(JsonSerializer.SerializeToNode(value, SerializerOptions));

    /// <summary>Lower-case hex SHA-256 of the canonical bytes of <paramref name="node"/>.</summary>
    public static string Sha256Hex(JsonNode? node) =>
        Convert.ToHexStringLower(SHA256.HashData(ToUtf8Bytes(node)));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
