namespace TrustScore.Registry;

/// <summary>What to publish and who is publishing (runbook §3.1).</summary>
/// <param name="VersionDirectory">The exported version directory (model/, manifest.json, …).</param>
/// <param name="Actor">user@host or --actor, recorded in metadata.json and the audit log.</param>
/// <param name="Reason">Optional reason recorded in the audit log.</param>
/// <param name="Signature">Operator keys (and extra checks) for full verification; null checks digest, manifest and gates only.</param>
public sealed record PublishOptions(string VersionDirectory, string Actor, string? Reason = null, Verification.VerifyOptions? Signature = null);
