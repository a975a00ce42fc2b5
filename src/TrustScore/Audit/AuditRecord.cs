namespace TrustScore.Audit;

/// <summary>One line of the audit log as stored: the entry plus its place in the hash chain.</summary>
/// <param name="Sequence">1-based sequence number (line number).</param>
/// <param name="PreviousSha256">Lower-case hex SHA-256 of the previous line's bytes (64 zeros for the first).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of this line's bytes (without its line feed).</param>
/// <param name="Entry">The recorded operation.</param>
public sealed record AuditRecord(long Sequence, string PreviousSha256, string Sha256, AuditEntry Entry);
