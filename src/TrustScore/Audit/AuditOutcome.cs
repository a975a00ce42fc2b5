namespace TrustScore.Audit;

/// <summary>The <c>outcome</c> values written to the audit log.</summary>
public static class AuditOutcome
{
    /// <summary>The operation did what it was asked.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Nothing needed doing (already published identical, already active).</summary>
    public const string Unchanged = "unchanged";

    /// <summary>A dry run: everything was checked, nothing was changed.</summary>
    public const string DryRun = "dry_run";

    /// <summary>Refused before changing anything (verification, conflict, busy, bad input).</summary>
    public const string Refused = "refused";

    /// <summary>Failed part-way for an unexpected reason; see the message.</summary>
    public const string Failed = "failed";
}
