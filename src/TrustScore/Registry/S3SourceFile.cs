namespace TrustScore.Registry;

/// <summary>One local file to upload: its name inside the version, where it is, and its hash.</summary>
/// <param name="Name">Path inside the version folder, POSIX separators.</param>
/// <param name="FullPath">Where the bytes are on disk.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
/// <param name="Size">Size in bytes.</param>
internal sealed record S3SourceFile(string Name, string FullPath, string Sha256, long Size);
