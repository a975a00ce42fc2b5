namespace TrustScore.Signing;

/// <summary><c>gates</c>: every gate and whether all passed.</summary>
public sealed record ManifestGates(bool Passed, IReadOnlyList<ManifestGateResult> Results);
