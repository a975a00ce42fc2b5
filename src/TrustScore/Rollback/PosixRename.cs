using System.Runtime.InteropServices;
using System.Text;

namespace TrustScore.Rollback;

/// <summary>
/// rename(2) itself. <see cref="File.Move(string, string, bool)"/> follows a symbolic link to a
/// directory and refuses it, so the pointer switch calls the system call directly: it replaces
/// the destination link atomically.
/// </summary>
internal static class PosixRename
{
    public static void Rename(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(from, to, overwrite: true);
            return;
        }

        if (rename(Encoding.UTF8.GetBytes(from + "\0"), Encoding.UTF8.GetBytes(to + "\0")) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"rename('{from}', '{to}') failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }

    // DllImport with byte arrays (pinned, no string marshalling) avoids needing unsafe code for LibraryImport.
    [DllImport("libc", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int rename(byte[] oldpath, byte[] newpath);
}
