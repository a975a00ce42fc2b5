namespace TrustScore.Registry;

/// <summary>One named check of a version (digest, manifest files, gates, metadata, archive, …).</summary>
/// <param name="Name">Short stable name, e.g. <c>digest</c>.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Detail">One sentence: what was compared, or what differed.</param>
public sealed record VerificationCheck(string Name, bool Passed, string Detail);
