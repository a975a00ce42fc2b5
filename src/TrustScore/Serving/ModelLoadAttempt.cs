using TrustScore.Verification;

namespace TrustScore.Serving;

/// <summary>
/// The outcome of verifying and loading one version directory. A refusal is a value:
/// <see cref="Model"/> is null and <see cref="Problem"/> says why.
/// </summary>
/// <param name="Directory">The version directory tried.</param>
/// <param name="Version">Its version.</param>
/// <param name="RootDigest">The recomputed root digest, or null when it could not be computed.</param>
/// <param name="Checks">Every check made, in order (registry checks, signature, then conformance).</param>
/// <param name="Model">The loaded model, or null when refused.</param>
/// <param name="Problem">Why it was refused, or null.</param>
public sealed record ModelLoadAttempt(
    string Directory,
    string Version,
    string? RootDigest,
    IReadOnlyList<VerificationCheck> Checks,
    ServedModel? Model,
    string? Problem)
{
    /// <summary>True when the model verified and loaded.</summary>
    public bool Loaded => Model is not null;
}
