namespace TrustScore.Audit;

/// <summary>The result of checking the audit log's hash chain (a value; <c>audit verify</c> decides the exit code).</summary>
/// <param name="Path">The log file.</param>
/// <param name="Valid">True when every line is intact, in order and chained, and the file ends with a complete line.</param>
/// <param name="Entries">Number of intact entries before the first problem (all of them when valid).</param>
/// <param name="HeadSha256">SHA-256 of the last intact line (anchor it elsewhere to protect the tail), or null for an empty log.</param>
/// <param name="FirstBadLine">1-based line number of the first broken or torn line, or null.</param>
/// <param name="TornLastLine">True when the only problem is an incomplete last line (a crash mid-append).</param>
/// <param name="Problem">One sentence describing the first problem, or null.</param>
public sealed record AuditVerification(
    string Path,
    bool Valid,
    long Entries,
    string? HeadSha256,
    long? FirstBadLine,
    bool TornLastLine,
    string? Problem);
