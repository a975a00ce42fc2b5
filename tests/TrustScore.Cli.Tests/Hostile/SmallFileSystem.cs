using System.Diagnostics;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// A small tmpfs mounted for one test (read-only and full file systems). Mounting needs root
/// (CAP_SYS_ADMIN); where it is refused, <see cref="TryMount"/> says why and the caller checks
/// the same behaviour through the part that needs no mount.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
internal sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (e.g. "2m") at a fresh directory, or returns null with the reason.</summary>
    public static SmallFileSystem? TryMount(string size, out string? refusal)
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hostile-tmpfs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var (code, err) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", dir);
        if (code != 0)
        {
            Directory.Delete(dir);
            refusal = $"mount -t tmpfs was refused ({err.Trim()}); run the tests as root with CAP_SYS_ADMIN to cover read-only and full file systems.";
            return null;
        }

        refusal = null;
        return new SmallFileSystem(dir);
    }

    /// <summary>Remounts read-only (what an operator's read-only bind mount looks like to the tool).</summary>
    public void MakeReadOnly()
    {
        var (code, err) = Run("mount", "-o", "remount,ro", Path);
        Assert.True(code == 0, err);
    }

    /// <summary>Fills the file system to the last byte.</summary>
    public void Fill()
    {
        try
        {
            using var fill = new FileStream(System.IO.Path.Combine(Path, ".filler"), FileMode.Create);
            byte[] block = new byte[64 * 1024];
            while (true)
            {
                fill.Write(block);
                fill.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Err) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, err);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
