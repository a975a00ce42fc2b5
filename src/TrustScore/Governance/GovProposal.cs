using Google.Protobuf;

namespace TrustScore.Governance;

/// <summary>
/// A Cosmos SDK gov v1 proposal ready to write (runbook §4.1, §5.3; docs/governance.md): the messages,
/// the proposal file's fields, and the off-chain metadata whose SHA-256 the <see cref="Metadata"/>
/// field commits to. Built by <see cref="ProposalBuilder"/>, written by <see cref="ProposalWriter"/>.
/// </summary>
public sealed record GovProposal
{
    /// <summary>Register-and-activate or rollback.</summary>
    public required ProposalKind Kind { get; init; }

    /// <summary>The veid messages, executed in order by the gov module.</summary>
    public required IReadOnlyList<IMessage> Messages { get; init; }

    /// <summary>On-chain metadata: <c>&lt;uri&gt;#sha256=&lt;hex&gt;</c> of the off-chain file; within the profile's limit.</summary>
    public required string Metadata { get; init; }

    /// <summary>Initial deposit, e.g. <c>2500000000uve</c>.</summary>
    public required string Deposit { get; init; }

    /// <summary>Proposal title.</summary>
    public required string Title { get; init; }

    /// <summary>Proposal summary (short; the details live off-chain).</summary>
    public required string Summary { get; init; }

    /// <summary><c>expedited</c>, or null when the chain's SDK version has no such field.</summary>
    public required bool? Expedited { get; init; }

    /// <summary>The off-chain metadata document.</summary>
    public required ProposalMetadata OffChainMetadata { get; init; }

    /// <summary>Where the off-chain metadata is published (the URI part of <see cref="Metadata"/>).</summary>
    public required string MetadataUri { get; init; }

    /// <summary>SHA-256 (hex) of the off-chain metadata's canonical bytes.</summary>
    public required string MetadataSha256 { get; init; }

    /// <summary>The gov module address used as every message's authority.</summary>
    public required string Authority { get; init; }

    /// <summary>On-chain model id of the model registered or re-activated.</summary>
    public required string ModelId { get; init; }

    /// <summary>Version of that model.</summary>
    public required string Version { get; init; }

    /// <summary>Its root digest as 64 hex characters (<c>sha256_hash</c>).</summary>
    public required string Sha256Hash { get; init; }

    /// <summary>For a rollback, the version being rolled back from; otherwise the previous version, if known.</summary>
    public string? FromVersion { get; init; }

    /// <summary>What was checked about the model URL (register proposals only).</summary>
    public ArtifactCheck? Artifact { get; init; }

    /// <summary>
    /// Base name of the written files: <c>proposal</c> (proposal.json, proposal_metadata.json,
    /// submit_proposal.sh) or <c>rollback_proposal</c>, so a rollback written into the same folder
    /// never overwrites the metadata another proposal's hash commits to.
    /// </summary>
    public string FileStem => Kind == ProposalKind.Rollback ? "rollback_proposal" : "proposal";

    /// <summary>File name of the off-chain metadata written next to the proposal.</summary>
    public string MetadataFileName => FileStem + "_metadata.json";

    /// <summary>File name of the generated submit script.</summary>
    public string ScriptFileName => "submit_" + FileStem + ".sh";

    /// <summary>The chain profile the proposal was built for.</summary>
    public required ChainProfile Profile { get; init; }
}
