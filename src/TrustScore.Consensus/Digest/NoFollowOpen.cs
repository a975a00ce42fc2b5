using Microsoft.Win32.SafeHandles;

namespace TrustScore.Consensus.Digest;

/// <summary>
/// Opens a model or registry file for reading and proves the handle reads the regular file the
/// name itself denotes — not a symbolic link swapped in after the walk checked the name. .NET
/// cannot open with <c>O_NOFOLLOW</c>, so the file is opened, then the open handle's identity
/// (device and inode, <c>statx</c> on the descriptor) is compared with the name's own identity
/// taken without following a link (<c>lstat</c> semantics): a link at the name, at open time or
/// after, gives a different identity and the handle is closed unread. Whatever was swapped, the
/// bytes read are those of the file the name denotes once the open has happened.
/// Residual: a directory above the file swapped for a link is not detected here (the walk
/// refuses links at every level it enters); where <c>statx</c> is missing (not Linux, or a libc
/// older than glibc 2.28) only a link still present after the open is detected.
/// </summary>
public static class NoFollowOpen
{
    /// <summary>Opens <paramref name="path"/> for reading, refusing a symbolic link (or a swap) at the name.</summary>
    /// <exception cref="IOException">The file cannot be opened, or the name is (or became) a link or another file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static SafeFileHandle OpenRead(string path, FileOptions options = FileOptions.None)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, options);
        try
        {
            Confirm(path, handle);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Every byte of <paramref name="path"/>, read through <see cref="OpenRead"/>.</summary>
    /// <exception cref="IOException">The file cannot be read, or the name is (or became) a link or another file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        using SafeFileHandle handle = OpenRead(path, FileOptions.SequentialScan);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Throws unless <paramref name="handle"/> reads the regular file <paramref name="path"/> itself names now (internal: tests swap the name between open and check).</summary>
    internal static void Confirm(string path, SafeFileHandle handle)
    {
        FileIdentity? opened = FileKindProbe.IdentityOf(handle);
        FileIdentity? named = opened is null ? null : FileKindProbe.IdentityOf(path);
        if (opened is null || named is null)
        {
            // No statx: the best available is a link check after the open.
            if (new FileInfo(path).LinkTarget is not null)
            {
                throw Swapped(path);
            }

            return;
        }

        if (!named.Value.IsRegular || named != opened)
        {
            throw Swapped(path);
        }
    }

    private static IOException Swapped(string path) =>
        new($"'{path}' is a symbolic link or was replaced while it was being opened; links are never followed here.");
}
