using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustScore.Consensus.Json;

/// <summary>
/// The one way the tool parses a JSON document it did not just write (docs/formats.md, "Reading
/// JSON"): no comments, no trailing commas, no duplicate object keys and at most
/// <see cref="MaxDepth"/> levels of nesting. A duplicate key is refused at parse time, because
/// two readers could otherwise disagree on which value counts (and a <see cref="JsonObject"/>
/// built over one throws on first use, far from the parse). Every failure is a
/// <see cref="JsonException"/> naming the line and byte position.
/// </summary>
public static class StrictJson
{
    /// <summary>The deepest nesting accepted; every document the tool reads needs fewer than ten levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>The parse options: strict RFC 8259, unique keys, bounded depth.</summary>
    public static JsonDocumentOptions Options { get; } = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = MaxDepth,
    };

    /// <summary>Parses <paramref name="utf8"/> into a node tree.</summary>
    /// <exception cref="JsonException">Not one strict JSON document.</exception>
    public static JsonNode? ParseNode(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8, documentOptions: Options);

    /// <summary>Parses <paramref name="text"/> into a node tree.</summary>
    /// <exception cref="JsonException">Not one strict JSON document.</exception>
    public static JsonNode? ParseNode(string text) => JsonNode.Parse(text, documentOptions: Options);

    /// <summary>Parses <paramref name="utf8"/> into a read-only document (the caller disposes it).</summary>
    /// <exception cref="JsonException">Not one strict JSON document.</exception>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8) => JsonDocument.Parse(utf8, Options);

    /// <summary>Parses <paramref name="text"/> into a read-only document (the caller disposes it).</summary>
    /// <exception cref="JsonException">Not one strict JSON document.</exception>
    public static JsonDocument ParseDocument(string text) => JsonDocument.Parse(text, Options);
}
