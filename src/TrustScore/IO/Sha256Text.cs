using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;

namespace TrustScore.IO;

/// <summary>
/// The one set of SHA-256 digest text helpers (docs/formats.md §1): digests are written
/// <c>sha256:&lt;64 lower-case hex&gt;</c> and compared case-insensitively after an optional
/// <c>sha256:</c> prefix is stripped (the prefix rule itself is <see cref="ModelDigestResult.StripPrefix"/>).
/// </summary>
public static partial class Sha256Text
{
    /// <summary><c>sha256:&lt;lower hex&gt;</c> of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => ModelDigestResult.RootPrefix + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary><c>sha256:&lt;lower hex&gt;</c> of the file at <paramref name="path"/>.</summary>
    public static string OfFile(string path) => ModelDigestResult.RootPrefix + HexOfFile(path);

    /// <summary>Lower-case hex SHA-256 (no prefix) of the file at <paramref name="path"/>, streamed.</summary>
    public static string HexOfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// <c>sha256:&lt;lower hex&gt;</c> of the registry file at <paramref name="path"/>, refusing
    /// (<see cref="IOException"/>) a symbolic link at the name, also one swapped in just before the open.
    /// </summary>
    public static string OfFileNotFollowingLinks(string path)
    {
        using var handle = NoFollowOpen.OpenRead(path, FileOptions.SequentialScan);
        using var stream = new FileStream(handle, FileAccess.Read, 1 << 16);
        return ModelDigestResult.RootPrefix + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Whether two digests name the same bytes: both well-formed SHA-256 digests (prefix optional, case ignored) and equal.</summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && IsDigest(a) && IsDigest(b) && ModelDigestResult.RootsEqual(a, b);

    /// <summary>The hex part of a digest (the <c>sha256:</c> prefix removed, nothing validated).</summary>
    public static string Strip(string digest) => ModelDigestResult.StripPrefix(digest);

    /// <summary>True when <paramref name="digest"/> is 64 hex characters with an optional <c>sha256:</c> prefix.</summary>
    public static bool IsDigest(string digest) => HexPattern().IsMatch(Strip(digest));

    /// <summary>64 lower-case hex characters of <paramref name="digest"/>.</summary>
    /// <exception cref="BadInputException">Not a SHA-256 digest.</exception>
    public static string ToHex(string digest) => IsDigest(digest)
        ? Strip(digest).ToLowerInvariant()
        : throw new BadInputException($"'{digest}' is not a SHA-256 digest (sha256: followed by 64 hex characters).");

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex HexPattern();
}
