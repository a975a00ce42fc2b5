namespace TrustScore.Consensus.Digest;

/// <summary>
/// The identity of a model directory: its root digest and every file that went into it, in the
/// canonical (component-wise) order that the root was computed over.
/// </summary>
/// <param name="Root">The root digest written <c>sha256:&lt;64 lower-case hex&gt;</c>.</param>
/// <param name="Files">Every hashed file, sorted component by component.</param>
public sealed record ModelDigestResult(string Root, IReadOnlyList<FileDigestEntry> Files)
{
    /// <summary>The prefix of <see cref="Root"/>.</summary>
    public const string RootPrefix = "sha256:";

    /// <summary><see cref="Root"/> without its <c>sha256:</c> prefix (64 lower-case hex).</summary>
    public string RootHex => Root[RootPrefix.Length..];

    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> name the same root: compared
    /// case-insensitively after an optional <c>sha256:</c> prefix is stripped (docs/formats.md §1).
    /// </summary>
    public static bool RootsEqual(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(StripPrefix(a), StripPrefix(b), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Removes a leading <c>sha256:</c> (any case) from <paramref name="digest"/>.</summary>
    public static string StripPrefix(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest.StartsWith(RootPrefix, StringComparison.OrdinalIgnoreCase) ? digest[RootPrefix.Length..] : digest;
    }
}
