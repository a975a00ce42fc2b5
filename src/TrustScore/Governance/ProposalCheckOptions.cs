using TrustScore.Registry;

namespace TrustScore.Governance;

/// <summary>What <c>trustscore proposal check</c> checks (docs/governance.md, "Checking a proposal before voting").</summary>
public sealed record ProposalCheckOptions
{
    /// <summary>The proposal file (gov v1 <c>submit-proposal</c> JSON).</summary>
    public required string ProposalPath { get; init; }

    /// <summary>
    /// The registry holding the version, a folder or <c>s3://bucket/prefix</c> (default: derived
    /// from the artifact URL the proposal names, when that is a local path, <c>file://</c> or <c>s3://</c> URL).
    /// </summary>
    public string? Registry { get; init; }

    /// <summary>S3 endpoint and region for an <c>s3://</c> registry (credentials from the AWS environment); null: AWS defaults.</summary>
    public S3ConnectionOptions? S3 { get; init; }

    /// <summary>
    /// The folder whose <c>rollback_log.jsonl</c> says which versions were active (default: a local
    /// registry's own; an <c>s3://</c> registry keeps none, so without it the version check fails).
    /// </summary>
    public string? AuditDirectory { get; init; }

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
