using System.Security.Cryptography;

namespace TrustScore.Registry;

/// <summary>Digest text helpers: <c>sha256:&lt;hex&gt;</c> written lower-case, compared case-insensitively without the prefix (FORMATS.md §1).</summary>
public static class Sha256Text
{
    /// <summary><c>sha256:&lt;lower hex&gt;</c> of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary><c>sha256:&lt;lower hex&gt;</c> of the file at <paramref name="path"/>.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Whether two digests name the same bytes (prefix optional, case ignored).</summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Strip(a), Strip(b), StringComparison.OrdinalIgnoreCase) && Strip(a).Length == 64;

    /// <summary>The hex part of a digest.</summary>
    public static string Strip(string digest) =>
        digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest[7..] : digest;
}
