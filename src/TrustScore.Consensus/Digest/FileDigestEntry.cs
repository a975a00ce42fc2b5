namespace TrustScore.Consensus.Digest;

/// <summary>One regular file of a model directory and its SHA-256 (docs/formats.md §1).</summary>
/// <param name="Name">Path relative to the model root with POSIX separators; <c>.</c> when the model is a single file.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes (64 characters).</param>
/// <param name="Size">Size of the file in bytes.</param>
public sealed record FileDigestEntry(string Name, string Sha256, long Size);
