namespace TrustScore.Rollback;

/// <summary>Where the registry and the active pointer are, and who is acting (runbook §5.2).</summary>
/// <param name="RegistryRoot">The local registry directory (e.g. <c>artifacts/models</c>).</param>
/// <param name="ActivePath">The active pointer (default <c>models/trust_score/active</c>).</param>
/// <param name="Actor">user@host or --actor.</param>
/// <param name="Signature">Operator keys (and extra checks such as conformance vectors) for full verification; null checks digest, manifest, gates, metadata and archive only.</param>
/// <param name="AuditSigner">The operator's key to sign audit entries with, or null.</param>
public sealed record RollbackOptions(string RegistryRoot, string ActivePath, string Actor, Verification.VerifyOptions? Signature = null, Signing.SigningKey? AuditSigner = null);
