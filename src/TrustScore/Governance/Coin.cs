using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>
/// A Cosmos SDK coin written as one string, amount then denom (<c>2500000000uve</c>), as
/// <c>submit-proposal</c>'s <c>deposit</c> and the <c>--fees</c> flag expect.
/// </summary>
/// <param name="Amount">A non-negative integer amount (Cosmos amounts exceed 64 bits).</param>
/// <param name="Denom">The denomination, e.g. <c>uve</c>.</param>
public sealed partial record Coin(BigInteger Amount, string Denom)
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="what"/> names the field in the error.</summary>
    /// <exception cref="BadInputException">Not an integer amount followed by a valid denom.</exception>
    public static Coin Parse(string text, string what)
    {
        var match = CoinPattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            throw new BadInputException($"{what} '{text}' is not a coin such as 2500000000uve (an integer amount followed by a denom).");
        }

        return new Coin(BigInteger.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture), match.Groups[2].Value);
    }

    /// <summary>Whether <paramref name="denom"/> is a valid Cosmos SDK denom.</summary>
    public static bool IsValidDenom(string denom) => DenomPattern().IsMatch(denom);

    /// <inheritdoc/>
    public override string ToString() => Amount.ToString(CultureInfo.InvariantCulture) + Denom;

    // Cosmos SDK's default denom rule: a letter, then 2 to 127 of letters, digits, / : . _ -
    [GeneratedRegex("^([0-9]+)([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$")]
    private static partial Regex CoinPattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$")]
    private static partial Regex DenomPattern();
}
