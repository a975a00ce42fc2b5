using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>The vote options of Cosmos SDK gov v1, as the CLI spells them.</summary>
public static class VoteOptions
{
    /// <summary>yes, no, abstain, no_with_veto.</summary>
    public static IReadOnlyList<string> All { get; } = ["yes", "no", "abstain", "no_with_veto"];

    /// <summary>Returns the canonical spelling of <paramref name="option"/>.</summary>
    /// <exception cref="BadInputException">Not a gov vote option.</exception>
    public static string Parse(string option)
    {
        string lower = (option ?? string.Empty).Trim().ToLowerInvariant().Replace('-', '_');
        return All.Contains(lower)
            ? lower
            : throw new BadInputException($"vote option '{option}' must be one of {string.Join(", ", All)}.");
    }
}
