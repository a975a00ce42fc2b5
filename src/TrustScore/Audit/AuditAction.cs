namespace TrustScore.Audit;

/// <summary>The <c>action</c> values written to the audit log (docs/formats/audit-log.md).</summary>
public static class AuditAction
{
    /// <summary>A publish to a registry (also a refused or failed one).</summary>
    public const string Publish = "publish";

    /// <summary>The first activation: there was no active model before.</summary>
    public const string Activate = "activate";

    /// <summary><c>rollback to VERSION</c>.</summary>
    public const string RollbackTo = "rollback_to";

    /// <summary><c>rollback previous</c>: back to the version active before the current one.</summary>
    public const string RollbackPrevious = "rollback_previous";

    /// <summary>The active pointer was found on a version the log did not record as active (a crash after the switch); recorded so history stays true.</summary>
    public const string Reconcile = "reconcile";

    /// <summary>A torn last line (crash mid-append) was moved aside before this append.</summary>
    public const string TornLineRecovered = "torn_line_recovered";
}
