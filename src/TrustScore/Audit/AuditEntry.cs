using TrustScore.Registry;
using TrustScore.Verification;

namespace TrustScore.Audit;

/// <summary>
/// What the caller records about one operation (runbook §5; docs/formats/audit-log.md). The log adds the
/// sequence number and the previous entry's hash when it appends (<see cref="AuditRecord"/>).
/// </summary>
/// <param name="Time">When the operation finished (UTC).</param>
/// <param name="Actor">user@host or the --actor given.</param>
/// <param name="Action">One of <see cref="AuditAction"/>.</param>
/// <param name="Outcome">One of <see cref="AuditOutcome"/>.</param>
/// <param name="Reason">The operator's reason (--reason), or null.</param>
/// <param name="FromVersion">The version before (active one, for rollbacks), or null.</param>
/// <param name="FromDigest">Its root digest, or null.</param>
/// <param name="ToVersion">The version published or switched to, or null.</param>
/// <param name="ToDigest">Its root digest, or null.</param>
/// <param name="Verification">Each check made before acting.</param>
/// <param name="DurationMs">How long the operation took, in milliseconds.</param>
/// <param name="Message">One sentence: what happened (the error for a refusal).</param>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Outcome,
    string? Reason,
    string? FromVersion,
    string? FromDigest,
    string? ToVersion,
    string? ToDigest,
    IReadOnlyList<VerificationCheck> Verification,
    long DurationMs,
    string Message);
