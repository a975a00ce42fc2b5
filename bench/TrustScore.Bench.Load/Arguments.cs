using System.Globalization;

namespace TrustScore.Bench.Load;

/// <summary>Minimal "--name value" parsing for a bench tool.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public string Verb { get; private init; } = string.Empty;

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments { Verb = args.Length > 0 ? args[0] : string.Empty };
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            parsed.values[args[i]] = args[i + 1];
        }

        return parsed;
    }

    public string Get(string name, string? fallback = null) =>
        values.TryGetValue(name, out string? v) ? v : fallback ?? throw new ArgumentException($"{name} is required.");

    public int Int(string name, int fallback) => values.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => values.TryGetValue(name, out string? v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
