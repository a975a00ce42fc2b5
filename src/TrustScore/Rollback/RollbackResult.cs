using TrustScore.Registry;
using TrustScore.Verification;

namespace TrustScore.Rollback;

/// <summary>What a rollback did (or, for a dry run, would do).</summary>
/// <param name="Action">The audit action (<c>activate</c>, <c>rollback_to</c>, <c>rollback_previous</c>).</param>
/// <param name="Outcome">The audit outcome (<c>succeeded</c>, <c>unchanged</c>, <c>dry_run</c>).</param>
/// <param name="FromVersion">The version active before, or null.</param>
/// <param name="FromDigest">Its root digest, or null.</param>
/// <param name="ToVersion">The target version.</param>
/// <param name="ToDigest">The target's recomputed root digest.</param>
/// <param name="Verification">The target's verification.</param>
/// <param name="Message">One sentence for the operator.</param>
public sealed record RollbackResult(
    string Action,
    string Outcome,
    string? FromVersion,
    string? FromDigest,
    string ToVersion,
    string? ToDigest,
    VerificationReport Verification,
    string Message);
