using System.Globalization;
using System.Text.RegularExpressions;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>
/// The exact chain CLI commands of runbook §4.2–4.3, built from a chain profile (binary, chain id,
/// gas, fees, node) so nothing is typed by hand: <c>tx gov submit-proposal</c>, <c>tx gov vote</c>,
/// and the <c>query gov proposal / votes / tally</c> queries. Each is an argument vector whose first
/// element is the binary; <see cref="ShellQuote.Join"/> prints it.
/// </summary>
public static partial class ChainCommands
{
    /// <summary><c>&lt;cli&gt; tx gov submit-proposal FILE --from KEY --chain-id … --gas … --fees … -y</c>.</summary>
    public static IReadOnlyList<string> Submit(ChainProfile profile, string proposalPath, string fromKey)
    {
        ArgumentNullException.ThrowIfNull(profile);
        RequireKey(fromKey);
        return [profile.CliBinary, "tx", "gov", "submit-proposal", proposalPath, .. TxFlags(profile, fromKey)];
    }

    /// <summary><c>&lt;cli&gt; tx gov vote ID OPTION --from KEY --chain-id … -y</c>.</summary>
    public static IReadOnlyList<string> Vote(ChainProfile profile, string proposalId, string option, string fromKey)
    {
        ArgumentNullException.ThrowIfNull(profile);
        RequireKey(fromKey);
        return [profile.CliBinary, "tx", "gov", "vote", ProposalId(proposalId), VoteOptions.Parse(option), .. TxFlags(profile, fromKey)];
    }

    /// <summary>The proposal, votes and tally queries of <paramref name="proposalId"/>, in that order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Status(ChainProfile profile, string proposalId)
    {
        ArgumentNullException.ThrowIfNull(profile);
        string id = ProposalId(proposalId);
        return [Query(profile, "proposal", id), Query(profile, "votes", id), Query(profile, "tally", id)];
    }

    /// <summary>Validates a proposal id (a positive integer) and returns it normalised.</summary>
    /// <exception cref="BadInputException">Not a positive integer.</exception>
    public static string ProposalId(string proposalId)
    {
        if (!ulong.TryParse(proposalId, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) || id == 0)
        {
            throw new BadInputException($"proposal id '{proposalId}' must be a positive integer.");
        }

        return id.ToString(CultureInfo.InvariantCulture);
    }

    private static IReadOnlyList<string> Query(ChainProfile profile, string what, string id) =>
        [profile.CliBinary, "query", "gov", what, id, "--output", "json", .. NodeFlag(profile)];

    private static IEnumerable<string> TxFlags(ChainProfile profile, string fromKey)
    {
        yield return "--from";
        yield return fromKey;
        yield return "--chain-id";
        yield return profile.ChainId;
        yield return "--gas";
        yield return profile.Gas;
        if (profile.Gas == "auto")
        {
            yield return "--gas-adjustment";
            yield return profile.GasAdjustment.ToString(CultureInfo.InvariantCulture);
        }

        yield return "--fees";
        yield return profile.Fees.ToString();
        foreach (string flag in NodeFlag(profile))
        {
            yield return flag;
        }

        yield return "-y";
    }

    private static IEnumerable<string> NodeFlag(ChainProfile profile) =>
        profile.Node is { } node ? ["--node", node] : [];

    private static void RequireKey(string fromKey)
    {
        if (string.IsNullOrEmpty(fromKey) || !KeyPattern().IsMatch(fromKey))
        {
            throw new BadInputException($"--from '{fromKey}' must be a key name or address (letters, digits, '.', '_', '-').");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex KeyPattern();
}
