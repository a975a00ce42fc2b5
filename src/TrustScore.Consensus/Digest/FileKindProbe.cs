using System.Runtime.InteropServices;

namespace TrustScore.Consensus.Digest;

/// <summary>
/// Classifies a path without following symbolic links. .NET exposes no file type beyond
/// "directory or not", so FIFOs, sockets and devices are told apart with Linux <c>statx</c>
/// (its struct layout is the same on every architecture). Elsewhere only links and Windows
/// devices are detected.
/// </summary>
internal static partial class FileKindProbe
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxSize = 256;
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int TypeDirectory = 0x4000;
    private const int TypeSymlink = 0xA000;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    private static bool statxMissing;

    public static FileKind Classify(string path)
    {
        if (OperatingSystem.IsLinux() && !statxMissing)
        {
            try
            {
                return ClassifyWithStatx(path);
            }
            catch (EntryPointNotFoundException)
            {
                statxMissing = true; // a libc older than glibc 2.28: fall back below
            }
        }

        return ClassifyWithAttributes(path);
    }

    private static unsafe FileKind ClassifyWithStatx(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir)
            {
                return FileKind.Missing;
            }

            throw new IOException($"Cannot stat '{path}' (errno {errno}).");
        }

        int mode = *(ushort*)(buffer + StatxModeOffset);
        return (mode & TypeMask) switch
        {
            TypeRegular => FileKind.Regular,
            TypeDirectory => FileKind.Directory,
            TypeSymlink => FileKind.Symlink,
            _ => FileKind.Special,
        };
    }

    private static FileKind ClassifyWithAttributes(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return info.LinkTarget is not null ? FileKind.Symlink : FileKind.Missing;
        }

        FileAttributes attributes = info.Attributes;
        if ((attributes & FileAttributes.ReparsePoint) != 0 || info.LinkTarget is not null)
        {
            return FileKind.Symlink;
        }

        if ((attributes & FileAttributes.Device) != 0)
        {
            return FileKind.Special;
        }

        return (attributes & FileAttributes.Directory) != 0 ? FileKind.Directory : FileKind.Regular;
    }

    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;
    private const int StatxInoOffset = 32;
    private const int StatxDevMajorOffset = 136;
    private const int StatxDevMinorOffset = 140;

    /// <summary>
    /// The identity (device, inode, and whether it is a regular file) of what <paramref name="path"/>
    /// itself names, without following a final link; null where <c>statx</c> is not available
    /// (not Linux, or an old libc).
    /// </summary>
    public static FileIdentity? IdentityOf(string path) =>
        OperatingSystem.IsLinux() && !statxMissing ? TryIdentity(AtFdCwd, path, AtSymlinkNoFollow) : null;

    /// <summary>The identity of the file an open <paramref name="handle"/> reads; null where <c>statx</c> is not available.</summary>
    public static FileIdentity? IdentityOf(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux() || statxMissing)
        {
            return null;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return TryIdentity((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static unsafe FileIdentity? TryIdentity(int dirfd, string path, int flags)
    {
        byte* buffer = stackalloc byte[StatxSize];
        try
        {
            if (Statx(dirfd, path, flags, StatxType | StatxIno, buffer) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Cannot stat '{path}' (errno {errno}).");
            }
        }
        catch (EntryPointNotFoundException)
        {
            statxMissing = true;
            return null;
        }

        int mode = *(ushort*)(buffer + StatxModeOffset);
        return new FileIdentity(
            *(uint*)(buffer + StatxDevMajorOffset),
            *(uint*)(buffer + StatxDevMinorOffset),
            *(ulong*)(buffer + StatxInoOffset),
            (mode & TypeMask) == TypeRegular);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string pathname, int flags, uint mask, byte* buffer);
}
