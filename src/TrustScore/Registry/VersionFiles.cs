namespace TrustScore.Registry;

/// <summary>
/// Lists the regular files under a directory as POSIX relative paths sorted component by
/// component (docs/formats.md §1), refusing symlinks and special files instead of skipping them.
/// </summary>
internal static class VersionFiles
{
    public static IReadOnlyList<string> List(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new Errors.BadInputException($"The directory '{root}' does not exist.");
        }

        var result = new List<string>();
        Walk(root, root, result);
        result.Sort(ComponentComparer.Instance);
        return result;
    }

    private static void Walk(string root, string dir, List<string> result)
    {
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            string relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry.LinkTarget is not null)
            {
                throw new Errors.BadInputException($"'{relative}' in '{root}' is a symbolic link; a version directory holds regular files only.");
            }

            if (entry is DirectoryInfo sub)
            {
                Walk(root, sub.FullName, result);
            }
            else if (entry is FileInfo file && IsRegularFile(file))
            {
                result.Add(relative);
            }
            else
            {
                throw new Errors.BadInputException($"'{relative}' in '{root}' is not a regular file.");
            }
        }
    }

    private static bool IsRegularFile(FileInfo file) =>
        (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0;

    /// <summary>Orders <c>a/b</c> before <c>a.txt</c> by comparing path components ordinally.</summary>
    internal sealed class ComponentComparer : IComparer<string>
    {
        public static readonly ComponentComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            string[] a = (x ?? string.Empty).Split('/');
            string[] b = (y ?? string.Empty).Split('/');
            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                int c = string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
