using System.Globalization;
using TrustScore.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrustScore.Config;

/// <summary>
/// Typed, strict access to one YAML mapping of the config. Every read records the key as known;
/// <see cref="RejectUnknownKeys"/> then refuses anything else with a "did you mean". Errors name
/// file, line, column, key path, what was expected and what was found.
/// </summary>
internal sealed class ConfigSection
{
    private readonly string file;
    private readonly string path;
    private readonly YamlMappingNode? node;
    private readonly VariableExpander expander;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);
    private readonly Mark start;

    public ConfigSection(string file, string path, YamlMappingNode? node, VariableExpander expander, Mark start)
    {
        this.file = file;
        this.path = path;
        this.node = node;
        this.expander = expander;
        this.start = start;
    }

    public string KeyPath(string key) => this.path.Length == 0 ? key : $"{this.path}.{key}";

    public ConfigSection Section(string key)
    {
        var node = Find(key);
        this.known.Add(key);
        if (node is null || IsNull(node))
        {
            return new ConfigSection(this.file, KeyPath(key), null, this.expander, node?.Start ?? this.start);
        }

        if (node is not YamlMappingNode map)
        {
            throw Error(node, KeyPath(key), "a mapping of settings", Describe(node));
        }

        return new ConfigSection(this.file, KeyPath(key), map, this.expander, map.Start);
    }

    public string String(string key, string fallback) => Expanded(key)?.Value ?? fallback;

    public ExpandedValue? Expanded(string key)
    {
        var node = Find(key);
        this.known.Add(key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        return ExpandScalar(node, KeyPath(key));
    }

    public double Double(string key, double fallback) => NullableDouble(key) ?? fallback;

    public double? NullableDouble(string key)
    {
        var (text, node) = ScalarText(key);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        throw Error(node!, KeyPath(key), "a finite number", Quote(text));
    }

    public int Int(string key, int fallback) => NullableInt(key) ?? fallback;

    public int? NullableInt(string key)
    {
        var (text, node) = ScalarText(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        throw Error(node!, KeyPath(key), "an integer", Quote(text));
    }

    public long Long(string key, long fallback)
    {
        var (text, node) = ScalarText(key);
        if (text is null)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            return value;
        }

        throw Error(node!, KeyPath(key), "an integer", Quote(text));
    }

    public bool Bool(string key, bool fallback)
    {
        var (text, node) = ScalarText(key);
        if (text is null)
        {
            return fallback;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw Error(node!, KeyPath(key), "true or false", Quote(text));
    }

    public IReadOnlyList<ExpandedValue> ExpandedList(string key, IReadOnlyList<string> fallback)
    {
        var node = Find(key);
        this.known.Add(key);
        string path = KeyPath(key);
        if (node is null || IsNull(node))
        {
            return fallback.Select((v, i) => new ExpandedValue(v, v, $"{path}[{i}]", [])).ToList();
        }

        if (node is not YamlSequenceNode seq)
        {
            throw Error(node, path, "a list", Describe(node));
        }

        var result = new List<ExpandedValue>();
        for (int i = 0; i < seq.Children.Count; i++)
        {
            result.Add(ExpandScalar(seq.Children[i], $"{path}[{i}]"));
        }

        return result;
    }

    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string> fallback) =>
        ExpandedList(key, fallback).Select(v => v.Value).ToList();

    public IReadOnlyList<double> DoubleList(string key, IReadOnlyList<double> fallback)
    {
        var node = Find(key);
        var items = ExpandedList(key, []);
        if (node is null || IsNull(node))
        {
            return fallback;
        }

        var seq = (YamlSequenceNode)node;
        var result = new List<double>();
        for (int i = 0; i < items.Count; i++)
        {
            if (!double.TryParse(items[i].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw Error(seq.Children[i], items[i].KeyPath, "a finite number", Quote(items[i].Value));
            }

            result.Add(v);
        }

        return result;
    }

    public IReadOnlyList<int> IntList(string key, IReadOnlyList<int> fallback)
    {
        var node = Find(key);
        var items = ExpandedList(key, []);
        if (node is null || IsNull(node))
        {
            return fallback;
        }

        var seq = (YamlSequenceNode)node;
        var result = new List<int>();
        for (int i = 0; i < items.Count; i++)
        {
            if (!int.TryParse(items[i].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
            {
                throw Error(seq.Children[i], items[i].KeyPath, "an integer", Quote(items[i].Value));
            }

            result.Add(v);
        }

        return result;
    }

    /// <summary>Position of <paramref name="key"/>'s value (or of this section) for later validation errors.</summary>
    public Mark MarkOf(string key) => Find(key)?.Start ?? this.start;

    /// <summary>An error at <paramref name="key"/>'s position.</summary>
    public BadInputException ErrorAt(string key, string expected, string found) =>
        new($"{Position(MarkOf(key))}: {KeyPath(key)}: expected {expected}, found {found}.");

    /// <summary>Refuses every key that no reader asked for, suggesting the closest known key.</summary>
    public void RejectUnknownKeys()
    {
        if (this.node is null)
        {
            return;
        }

        foreach (var (keyNode, _) in this.node.Children)
        {
            string key = keyNode is YamlScalarNode s ? s.Value ?? string.Empty : keyNode.ToString();
            if (this.known.Contains(key))
            {
                continue;
            }

            string? suggestion = Suggest(key, this.known);
            string hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
            throw new BadInputException(
                $"{Position(keyNode.Start)}: {KeyPath(key)}: unknown key{hint}; expected one of: {string.Join(", ", this.known.Order(StringComparer.Ordinal))}.");
        }
    }

    public string Position(Mark mark) => $"{this.file}:{mark.Line}:{mark.Column}";

    private BadInputException Error(YamlNode node, string path, string expected, string found) =>
        new($"{Position(node.Start)}: {path}: expected {expected}, found {found}.");

    private (string? Text, YamlNode? Node) ScalarText(string key)
    {
        var node = Find(key);
        this.known.Add(key);
        if (node is null || IsNull(node))
        {
            return (null, node);
        }

        var expanded = ExpandScalar(node, KeyPath(key));
        if (node is YamlScalarNode scalar && scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            && !VariableExpander.HasReference(expanded.Raw))
        {
            throw Error(node, KeyPath(key), "an unquoted value", $"the quoted string {Quote(expanded.Value)}");
        }

        // A variable that expands to nothing leaves the setting at its default, like an absent key.
        return (expanded.Value.Length == 0 ? null : expanded.Value, node);
    }

    private ExpandedValue ExpandScalar(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, path, "a single value", Describe(node));
        }

        string raw = scalar.Value ?? string.Empty;
        string? value = this.expander.Expand(raw, out var uses, out string? missing);
        if (value is null)
        {
            throw new BadInputException(
                $"{Position(node.Start)}: {path}: environment variable {missing} is not set and '{raw}' gives no default; set {missing} or write ${{{missing}:-default}}.");
        }

        return new ExpandedValue(value, raw, path, uses);
    }

    private YamlNode? Find(string key)
    {
        if (this.node is null)
        {
            return null;
        }

        foreach (var (k, v) in this.node.Children)
        {
            if (k is YamlScalarNode s && string.Equals(s.Value, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } s
        && (string.IsNullOrEmpty(s.Value) || s.Value is "null" or "~" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => Quote(s.Value ?? string.Empty),
        _ => node.NodeType.ToString(),
    };

    private static string Quote(string text) => $"'{text}'";

    /// <summary>Closest known key by edit distance, if it is close enough to be a typo.</summary>
    internal static string? Suggest(string key, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known.Order(StringComparer.Ordinal))
        {
            int d = EditDistance(key, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
