namespace TrustScore.Registry;

/// <summary>
/// The Object Lock retention mode put on every object the S3 registry writes (runbook §8.3).
/// </summary>
public enum S3RetentionMode
{
    /// <summary>Nobody, not even the account root, can delete or shorten the lock before it expires. The default.</summary>
    Compliance,

    /// <summary>Users with <c>s3:BypassGovernanceRetention</c> can remove the lock; weaker, opt-in only.</summary>
    Governance,
}
