namespace TrustScore.Registry;

/// <summary>One file to upload: its name inside the version, where its bytes are, and its hash.</summary>
/// <param name="Name">Path inside the version folder, POSIX separators.</param>
/// <param name="FullPath">Where the bytes are on disk (for the archive built in memory: what it was built from).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Content">The bytes themselves when they exist only in memory (the reproducible archive); else null.</param>
internal sealed record S3SourceFile(string Name, string FullPath, string Sha256, long Size, byte[]? Content = null)
{
    /// <summary>A fresh stream over the bytes.</summary>
    public Stream OpenRead() => Content is null
        ? new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)
        : new MemoryStream(Content, writable: false);
}
