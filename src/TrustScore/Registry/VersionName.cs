using System.Text.RegularExpressions;

namespace TrustScore.Registry;

/// <summary>Rules for a version name: it becomes a directory, an S3 key part and a chain field.</summary>
public static partial class VersionName
{
    /// <summary>Throws bad input unless <paramref name="version"/> is 1–128 of [A-Za-z0-9._-], not starting with '.' or '-'.</summary>
    public static string Validate(string version)
    {
        if (!Pattern().IsMatch(version))
        {
            throw new Errors.BadInputException(
                $"The version name '{version}' is not allowed: use 1-128 letters, digits, '.', '_' or '-', not starting with '.' or '-'.");
        }

        return version;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
