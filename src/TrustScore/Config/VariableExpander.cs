using System.Text;
using System.Text.RegularExpressions;

namespace TrustScore.Config;

/// <summary>
/// Expands <c>${NAME}</c> and <c>${NAME:-default}</c> (shell semantics: the default applies when the
/// variable is unset or empty). A variable that is unset and has no default is an error, never an
/// empty string: upstream's silent empty paths are how a dataset went missing unnoticed.
/// </summary>
internal sealed partial class VariableExpander(IReadOnlyDictionary<string, string?> environment)
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    /// <summary>A snapshot of the process environment.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }

    /// <summary>True when <paramref name="raw"/> contains at least one variable reference.</summary>
    public static bool HasReference(string raw) => raw.Contains("${", StringComparison.Ordinal);

    /// <summary>
    /// Expands <paramref name="raw"/>; <paramref name="missing"/> receives the first variable that is
    /// unset without a default (and the result is then null).
    /// </summary>
    public string? Expand(string raw, out IReadOnlyList<VariableUse> uses, out string? missing)
    {
        var used = new List<VariableUse>();
        missing = null;
        var text = new StringBuilder();
        int last = 0;
        foreach (Match match in Reference().Matches(raw))
        {
            text.Append(raw, last, match.Index - last);
            last = match.Index + match.Length;
            string name = match.Groups[1].Value;
            string? fallback = match.Groups[2].Success ? match.Groups[3].Value : null;
            environment.TryGetValue(name, out string? value);
            bool isSet = !string.IsNullOrEmpty(value);
            used.Add(new VariableUse(name, isSet, isSet ? value : null, fallback));
            if (isSet)
            {
                text.Append(value);
            }
            else if (fallback is not null)
            {
                text.Append(fallback);
            }
            else
            {
                missing ??= name;
            }
        }

        text.Append(raw, last, raw.Length - last);
        uses = used;
        return missing is null ? text.ToString() : null;
    }
}
