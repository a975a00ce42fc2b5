namespace TrustScore.Scoring;

/// <summary>The outcome of a scoring run.</summary>
/// <param name="Version">The model version that scored.</param>
/// <param name="RootDigest">Its verified root digest.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="ConformanceVectors">Conformance vectors reproduced before scoring.</param>
/// <param name="OutputPath">The file written, or null when the scores were returned.</param>
/// <param name="OutputsSha256">SHA-256 of the written score lines (the bytes of the output).</param>
/// <param name="Output">The score lines (JSON Lines) when no output file was given, else null.</param>
public sealed record ScoreSummary(
    string Version,
    string RootDigest,
    long Rows,
    int ConformanceVectors,
    string? OutputPath,
    string OutputsSha256,
    byte[]? Output);
