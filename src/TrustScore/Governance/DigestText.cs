using System.Text.RegularExpressions;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>
/// Reads digests written as <c>sha256:&lt;hex&gt;</c> or bare hex; compared case-insensitively
/// after stripping the prefix (FORMATS.md §1).
/// </summary>
public static partial class DigestText
{
    /// <summary>64 lower-case hex characters of <paramref name="digest"/>.</summary>
    /// <exception cref="BadInputException">Not a SHA-256 digest.</exception>
    public static string ToHex(string digest)
    {
        string hex = digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest[7..] : digest;
        if (!HexPattern().IsMatch(hex))
        {
            throw new BadInputException($"'{digest}' is not a SHA-256 digest (sha256: followed by 64 hex characters).");
        }

        return hex.ToLowerInvariant();
    }

    /// <summary>Whether two digests name the same bytes.</summary>
    public static bool Same(string a, string b) =>
        string.Equals(ToHex(a), ToHex(b), StringComparison.Ordinal);

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex HexPattern();
}
