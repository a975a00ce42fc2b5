namespace TrustScore.Governance;

/// <summary>What <c>trustscore proposal check</c> checks (docs/governance.md, "Checking a proposal before voting").</summary>
public sealed record ProposalCheckOptions
{
    /// <summary>The proposal file (gov v1 <c>submit-proposal</c> JSON).</summary>
    public required string ProposalPath { get; init; }

    /// <summary>
    /// The local registry holding the version (default: derived from the artifact path the
    /// proposal names, when that is a local path or <c>file://</c> URL).
    /// </summary>
    public string? Registry { get; init; }

    /// <summary>The voter's trusted public keys (<c>*.pub</c>, <c>*.pem</c>); without them the signature check fails.</summary>
    public string? TrustedKeysDir { get; init; }

    /// <summary>The chain the proposal is for.</summary>
    public ChainProfile Profile { get; init; } = ChainProfile.VirtEngineMainnet;

    /// <summary>
    /// Where to read the off-chain metadata when its URI is not a local file (e.g. an s3:// or
    /// https:// URI): default, the file of that name next to the proposal.
    /// </summary>
    public string? MetadataFile { get; init; }
}
