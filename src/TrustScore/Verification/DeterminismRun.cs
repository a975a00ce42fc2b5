namespace TrustScore.Verification;

/// <summary>What one probe process reported.</summary>
/// <param name="Process">The planned process.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="OutputsSha256">SHA-256 of its float32 outputs on the seeded rows, or null when it failed.</param>
/// <param name="ScoresSha256">SHA-256 of its integer scores, or null when it failed.</param>
/// <param name="KernelPath">The instruction width its dense kernel used, or null.</param>
/// <param name="ConformanceChecked">Conformance vectors it reproduced bit for bit before probing.</param>
/// <param name="Error">Its error message when it failed (e.g. a conformance vector that differs), else null.</param>
public sealed record DeterminismRun(
    DeterminismProcess Process,
    int ExitCode,
    string? OutputsSha256,
    string? ScoresSha256,
    string? KernelPath,
    int ConformanceChecked,
    string? Error)
{
    /// <summary>The process ran, reproduced every conformance vector and printed its digests.</summary>
    public bool Succeeded => ExitCode == 0 && OutputsSha256 is not null && ConformanceChecked > 0;
}
