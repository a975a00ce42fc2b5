using Google.Protobuf;

namespace TrustScore.Governance;

/// <summary>A proposal file that passed <see cref="ProposalValidator"/>, with its messages decoded.</summary>
/// <param name="Messages">Each message, parsed back through the compiled veid definitions.</param>
/// <param name="Metadata">The metadata field.</param>
/// <param name="Deposit">The deposit.</param>
/// <param name="Title">The title.</param>
/// <param name="Summary">The summary.</param>
/// <param name="Expedited">The expedited flag, or null when absent.</param>
public sealed record ValidatedProposal(
    IReadOnlyList<IMessage> Messages,
    string Metadata,
    Coin Deposit,
    string Title,
    string Summary,
    bool? Expedited);
