using TrustScore.Errors;

namespace TrustScore.IO;

/// <summary>
/// File-system walks that never follow a symbolic link (lstat semantics; docs/formats/registry.md,
/// "Symbolic links"). Inside a registry a link is never data: cleaning, chmodding or deleting a
/// tree unlinks a link itself and never touches what it points at, and a registry file (log,
/// lock, version directory, manifest, metadata, archive) that is a link is refused, so nothing is
/// read from or written to a place outside the registry.
/// </summary>
public static class NoFollow
{
    /// <summary>True when <paramref name="path"/> itself is a symbolic link (dangling or not).</summary>
    public static bool IsLink(string path) => new FileInfo(Path.TrimEndingDirectorySeparator(path)).LinkTarget is not null;

    /// <summary>Throws bad input naming <paramref name="what"/> when <paramref name="path"/> is a symbolic link.</summary>
    public static void RefuseLink(string path, string what)
    {
        if (IsLink(path))
        {
            throw new BadInputException($"The {what} '{path}' is a symbolic link; the tool never reads or writes through a link here. Replace it with the real file or directory.");
        }
    }

    /// <summary>
    /// Deletes <paramref name="path"/> and everything under it. A link (at any depth, including
    /// <paramref name="path"/> itself) is unlinked; its target is neither entered, chmodded nor deleted.
    /// Read-only directories written by the tool are made writable first (owner only).
    /// </summary>
    public static void DeleteTree(string path)
    {
        var root = new DirectoryInfo(Path.TrimEndingDirectorySeparator(path));
        if (root.LinkTarget is not null)
        {
            File.Delete(root.FullName);
            return;
        }

        if (!root.Exists)
        {
            if (File.Exists(root.FullName))
            {
                File.Delete(root.FullName);
            }

            return;
        }

        MakeOwnerWritable(root.FullName);
        foreach (FileSystemInfo entry in root.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is null && entry is DirectoryInfo)
            {
                DeleteTree(entry.FullName);
            }
            else
            {
                // A file or a link (to anything): unlink needs only the directory's write bit.
                File.Delete(entry.FullName);
            }
        }

        Directory.Delete(root.FullName);
    }

    /// <summary>Every real directory under <paramref name="dir"/> (not entering links), deepest first, then <paramref name="dir"/>.</summary>
    public static IReadOnlyList<string> DirectoriesDeepestFirst(string dir)
    {
        var found = new List<string>();
        Collect(new DirectoryInfo(dir), found);
        return found;

        static void Collect(DirectoryInfo d, List<string> into)
        {
            foreach (DirectoryInfo sub in d.EnumerateDirectories())
            {
                if (sub.LinkTarget is null)
                {
                    Collect(sub, into);
                }
            }

            into.Add(d.FullName);
        }
    }

    private static void MakeOwnerWritable(string dir)
    {
        if (!OperatingSystem.IsWindows())
        {
            // The caller checked dir is no link, so this chmods the directory itself.
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
