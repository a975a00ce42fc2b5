namespace TrustScore.Governance;

/// <summary>The files <see cref="ProposalWriter"/> wrote.</summary>
/// <param name="Proposal">proposal.json (the submit-proposal file).</param>
/// <param name="Metadata">proposal_metadata.json (off-chain metadata).</param>
/// <param name="SubmitScript">submit_proposal.sh.</param>
public sealed record ProposalFiles(string Proposal, string Metadata, string SubmitScript);
