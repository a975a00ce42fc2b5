using System.Text;

namespace TrustScore.IO;

/// <summary>
/// Writes files so that a reader sees either the old content or the complete new content, never
/// a half-written file: write a temporary file in the same directory, flush it to disk, then
/// rename it over the target (rename is atomic on one filesystem).
/// </summary>
public static class AtomicFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
            FlushDirectory(dir);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Atomically replaces <paramref name="path"/> with UTF-8 text (no BOM).</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>
    /// Makes a completed rename durable by fsyncing the directory (POSIX); a no-op where the
    /// platform cannot open a directory.
    /// </summary>
    public static void FlushDirectory(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var handle = File.OpenHandle(dir, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            RandomAccess.FlushToDisk(handle);
        }
        catch (IOException)
        {
            // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
