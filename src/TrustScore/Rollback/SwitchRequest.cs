namespace TrustScore.Rollback;

/// <summary>One <c>rollback to</c> / <c>rollback previous</c> request.</summary>
/// <param name="Version">The target version, or null for "previous".</param>
/// <param name="Reason">The operator's reason (--reason), recorded in the audit log.</param>
/// <param name="DryRun">Verify and record, change nothing.</param>
public sealed record SwitchRequest(string? Version, string? Reason, bool DryRun);
