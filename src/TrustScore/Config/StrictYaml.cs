using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace TrustScore.Config;

/// <summary>
/// The one way the tool loads a YAML document (configs and chain profiles; docs/configuration.md,
/// "Strict YAML"): at most <see cref="MaxDepth"/> levels of nesting and no anchors or aliases,
/// both checked on the event stream before the node tree is built (building it recurses, so a
/// deeply nested file would otherwise overflow the stack), and no duplicate keys (YamlDotNet
/// refuses those while building). Every refusal is a <see cref="YamlException"/> with a position.
/// </summary>
public static class StrictYaml
{
    /// <summary>The deepest nesting accepted; the tool's files need fewer than ten levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>Loads <paramref name="text"/>.</summary>
    /// <exception cref="YamlException">Malformed, too deep, an anchor or alias, or a duplicate key.</exception>
    public static YamlStream Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        int depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    throw new YamlException(alias.Start, alias.End, "aliases (*name) are not allowed.");
                case NodeEvent { Anchor.IsEmpty: false } anchored:
                    throw new YamlException(anchored.Start, anchored.End, "anchors (&name) are not allowed.");
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw new YamlException(parser.Current.Start, parser.Current.End, $"nesting deeper than {MaxDepth} levels.");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }
}
