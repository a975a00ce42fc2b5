namespace TrustScore.Signing;

/// <summary>A named digest inside the signed statement (an OpenSSF <c>resources</c> entry).</summary>
/// <param name="Name">POSIX path relative to the model directory (resources) or the version directory (artifacts).</param>
/// <param name="Algorithm">Always <c>sha256</c>.</param>
/// <param name="Digest">Lower-case hex digest.</param>
public sealed record SignedResource(string Name, string Algorithm, string Digest);
