namespace TrustScore.Registry;

/// <summary>
/// An exclusive, crash-safe lock on a file (runbook §5.2: one rollback at a time). The lock is
/// the operating system's exclusive lock on the open file (flock on Unix), so the kernel drops it
/// when the holder dies, even by kill -9: a stale lock can never block anyone, and there is no
/// "is that pid still alive?" guess. Who holds it (pid, host, start time, purpose) is written to
/// <c>&lt;path&gt;.owner</c> for the "in progress" message; an owner file left by a dead
/// holder is reported as <see cref="StaleHolder"/>. The lock file itself is never deleted
/// (deleting it would let two processes lock two different files).
/// </summary>
public sealed class ExclusiveLock : IDisposable
{
    private readonly FileStream stream;
    private readonly string ownerPath;

    private ExclusiveLock(FileStream stream, string ownerPath, LockHolder holder, LockHolder? stale)
    {
        this.stream = stream;
        this.ownerPath = ownerPath;
        Holder = holder;
        StaleHolder = stale;
    }

    /// <summary>This process's holder record.</summary>
    public LockHolder Holder { get; }

    /// <summary>The record a crashed previous holder left behind, if any (the lock itself was already free).</summary>
    public LockHolder? StaleHolder { get; }

    /// <summary>
    /// Takes the lock at <paramref name="path"/>, retrying for up to <paramref name="wait"/>
    /// (zero: one try). Throws <see cref="Errors.BusyException"/> naming the holder when it stays taken.
    /// A lock file that cannot be opened at all (read-only file system, permission denied) is not
    /// "busy": that is reported at once, naming the file and the cause.
    /// </summary>
    /// <exception cref="Errors.BadInputException">The lock file is a symbolic link.</exception>
    /// <exception cref="IOException">The lock file cannot be created or opened; the message names it and why.</exception>
    public static ExclusiveLock Acquire(string path, string purpose, TimeSpan wait, TimeProvider time, string busyWhat)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        IO.NoFollow.RefuseLink(full, "lock file");
        string ownerPath = full + ".owner";
        long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        int delay = 5;
        while (true)
        {
            FileStream? stream = null;
            try
            {
                stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException io && !HeldByAnother(io)))
            {
                throw new IOException($"Cannot create or open the lock file '{full}': {ex.Message} (is the file system read-only, full, or not writable by this user?)", ex);
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 100);
                continue;
            }
            catch (IOException)
            {
                LockHolder? holder = ReadOwner(ownerPath);
                string who = holder is null
                    ? "holder unknown"
                    : $"pid {holder.Pid}, host {holder.Host}, since {holder.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
                throw new Errors.BusyException($"{busyWhat} is in progress ({who}); lock file '{full}'.");
            }

            LockHolder? stale = ReadOwner(ownerPath);
            var me = new LockHolder(Environment.ProcessId, Environment.MachineName, time.GetUtcNow(), purpose);
            IO.AtomicFile.WriteAllText(ownerPath, me.ToLine() + "\n");
            return new ExclusiveLock(stream, ownerPath, me, stale);
        }
    }

    /// <summary>Releases the lock (the owner record first, while the lock is still held).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(ownerPath);
        }
        catch (IOException)
        {
        }

        stream.Dispose();
    }

    /// <summary>
    /// True when opening failed only because another open file holds the lock: flock's
    /// EWOULDBLOCK on Unix (11 on Linux, 35 on the BSDs and macOS), a sharing violation on Windows.
    /// Anything else (EROFS, EACCES, ENOSPC, …) means the lock cannot be taken by anyone.
    /// </summary>
    private static bool HeldByAnother(IOException ex) =>
        OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33
        : OperatingSystem.IsLinux() ? ex.HResult == 11
        : ex.HResult == 35;

    private static LockHolder? ReadOwner(string ownerPath)
    {
        try
        {
            // Informational only: never through a link, never more than one short line.
            if (!File.Exists(ownerPath) || IO.NoFollow.IsLink(ownerPath))
            {
                return null;
            }

            using var stream = File.OpenRead(ownerPath);
            byte[] head = new byte[1024];
            int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return LockHolder.Parse(System.Text.Encoding.UTF8.GetString(head, 0, read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
