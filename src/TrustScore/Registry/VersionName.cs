using System.Text.RegularExpressions;

namespace TrustScore.Registry;

/// <summary>
/// The one rule for a version name (docs/formats.md, "Version names"): it becomes a directory, an
/// archive name, an S3 key part, a chain field and an audit-log field, so every verb that takes a
/// version (train, export, publish, registry, rollback, proposal, serve) checks it here, before
/// any work starts: 1–128 of [A-Za-z0-9._-], not starting with '.' or '-'.
/// </summary>
public static partial class VersionName
{
    /// <summary>The longest version name.</summary>
    public const int MaxLength = 128;

    /// <summary>The rule in words, for messages.</summary>
    public const string Rule = "1-128 letters, digits, '.', '_' or '-', not starting with '.' or '-'";

    /// <summary>True when <paramref name="version"/> follows the rule.</summary>
    public static bool IsValid(string? version) => version is not null && Pattern().IsMatch(version);

    /// <summary>Throws bad input unless <paramref name="version"/> follows the rule; returns it.</summary>
    public static string Validate(string? version)
    {
        if (!IsValid(version))
        {
            throw new Errors.BadInputException($"The version name '{Shown(version)}' is not allowed: use {Rule}.");
        }

        return version!;
    }

    /// <summary>A name as shown in a message: long ones are cut, so the sentence stays one line.</summary>
    private static string Shown(string? version) =>
        version is null ? string.Empty : version.Length <= MaxLength + 8 ? version : $"{version[..MaxLength]}… ({version.Length} characters)";

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
