namespace TrustScore.Governance;

/// <summary>What a proposal asks the chain to do.</summary>
public enum ProposalKind
{
    /// <summary>Register a new model and activate it (runbook §4).</summary>
    RegisterAndActivate,

    /// <summary>Re-activate an older, already registered model (runbook §5.3).</summary>
    Rollback,
}
