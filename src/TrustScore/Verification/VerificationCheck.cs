namespace TrustScore.Verification;

/// <summary>The outcome of one verification check: a stable name, pass/fail, and one line saying why.</summary>
/// <param name="Name">Stable check name (<c>layout</c>, <c>manifest</c>, <c>files</c>, <c>root</c>, <c>signature</c>, <c>signed-content</c>, or an extra check's name).</param>
/// <param name="Passed">Whether the check passed.</param>
/// <param name="Detail">What was found, naming files and fields.</param>
public sealed record VerificationCheck(string Name, bool Passed, string Detail);
