using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// The outcome of verifying a version directory: every check with its result. A failure is a
/// value (a refusal is data, not control flow); the caller decides whether it stops the operation.
/// </summary>
/// <param name="Directory">The directory verified.</param>
/// <param name="Version">The version named by its manifest (or the directory name).</param>
/// <param name="RootDigest">The root digest recomputed from <c>model/</c>, or null when it could not be computed.</param>
/// <param name="Checks">Every check performed, in order.</param>
public sealed record VersionVerification(
    string Directory,
    string Version,
    string? RootDigest,
    IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>True when the only failing checks are release gates.</summary>
    public bool OnlyGatesFailed => !Passed && Checks.Where(c => !c.Passed).All(c => c.Name == "gates");

    /// <summary>The failing checks joined into one sentence.</summary>
    public string FailureSummary => string.Join("; ", Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail.TrimEnd('.')}")) + ".";
}
