using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TrustScore.Consensus.Digest;

/// <summary>
/// The model hash a VirtEngine validator's keeper computes over the directory its node is
/// pointed at, and compares with the active model's on-chain <c>sha256_hash</c> before it
/// scores (docs/formats.md §1b; docs/governance.md). Recipe name <see cref="RecipeName"/>.
/// </summary>
/// <remarks>
/// <para>The recipe, for a reader in another language:</para>
/// <list type="number">
/// <item>The path must be a directory. Walk everything under it; a directory is descended, a
/// regular file is collected unless its base name is one of <see cref="SkippedFileNames"/>
/// (at any depth; a directory with such a name is still descended). Nothing else is skipped:
/// dotfiles and <c>.git</c> count.</item>
/// <item>Name each file by its path relative to the directory with <c>/</c> separators.</item>
/// <item>Sort the names by their UTF-8 bytes (so <c>a-b</c> &lt; <c>a.txt</c> &lt; <c>a/b</c>,
/// unlike the component order of <see cref="ModelDigest"/>).</item>
/// <item>One SHA-256 over, for each file in that order, the name's UTF-8 bytes (no terminator,
/// no length) followed by the file's bytes. Written as 64 lower-case hex digits, no prefix.</item>
/// </list>
/// <para>Refused like <see cref="ModelDigest"/>: symbolic links (the root included), devices,
/// FIFOs, sockets, names that are not valid UTF-8 or NFC, case collisions — even under a
/// skipped name. The node would follow a link or block on a FIFO; a release never holds one.</para>
/// </remarks>
public static class KeeperModelHash
{
    /// <summary>The stable name of this recipe, as chain profiles and manifests write it.</summary>
    public const string RecipeName = "virtengine-keeper/1";

    /// <summary>Base names the keeper leaves out (files written after export, in its own words).</summary>
    public static IReadOnlyList<string> SkippedFileNames { get; } = ["export_metadata.json", "MODEL_HASH.txt", "manifest.json"];

    /// <summary>Hashes the directory at <paramref name="directory"/>.</summary>
    /// <returns>The hash and the names hashed, in hashing order.</returns>
    /// <exception cref="ModelDigestException">The path is missing, not a directory, a link, or holds something refused or unreadable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static KeeperModelHashResult Compute(string directory, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        switch (ModelTreeWalk.Probe(root))
        {
            case FileKind.Missing:
                throw new ModelDigestException(ModelDigestFailure.NotFound, directory, $"Model directory '{directory}' does not exist.");
            case FileKind.Symlink:
                throw new ModelDigestException(ModelDigestFailure.Symlink, directory, $"Model directory '{directory}' is a symbolic link; pass the real path.");
            case FileKind.Regular:
            case FileKind.Special:
                throw new ModelDigestException(ModelDigestFailure.NotADirectory, directory, $"Model path '{directory}' is not a directory; the {RecipeName} hash is taken over the directory a node is pointed at.");
        }

        var files = ModelTreeWalk.RegularFiles(root, _ => false, ct)
            .Where(f => !SkippedFileNames.Contains(LeafOf(f.Name), StringComparer.Ordinal))
            .Select(f => (f.Name, NameBytes: Encoding.UTF8.GetBytes(f.Name), f.FullPath))
            .ToList();
        files.Sort((a, b) => a.NameBytes.AsSpan().SequenceCompareTo(b.NameBytes));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FileDigest.BlockSize);
        try
        {
            foreach (var (name, nameBytes, fullPath) in files)
            {
                hash.AppendData(nameBytes);
                AppendFile(hash, fullPath, name, buffer, ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new KeeperModelHashResult(Convert.ToHexStringLower(hash.GetHashAndReset()), files.Select(f => f.Name).ToArray());
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are the same hash (case-insensitive hex, surrounding blanks ignored).</summary>
    public static bool HashesEqual(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static string LeafOf(string name) => name[(name.LastIndexOf('/') + 1)..];

    private static void AppendFile(IncrementalHash hash, string fullPath, string name, byte[] buffer, CancellationToken ct)
    {
        try
        {
            using SafeFileHandle handle = NoFollowOpen.OpenRead(fullPath, FileOptions.SequentialScan);
            long offset = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                int read = RandomAccess.Read(handle, buffer.AsSpan(0, FileDigest.BlockSize), offset);
                if (read == 0)
                {
                    return;
                }

                hash.AppendData(buffer, 0, read);
                offset += read;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDigestException(ModelDigestFailure.Unreadable, fullPath, $"Cannot read model file '{name}': {ex.Message}", ex);
        }
    }
}
