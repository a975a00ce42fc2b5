namespace TrustScore.Consensus.Digest;

/// <summary>
/// The one directory walk behind every model hash recipe (<see cref="ModelDigest"/>,
/// <see cref="KeeperModelHash"/>): lists the regular files under a model root and refuses what no
/// recipe may hash — symbolic links, devices, FIFOs, sockets, names that are not valid UTF-8 or
/// not NFC, and names in one directory that differ only by case (docs/formats.md §1).
/// </summary>
internal static class ModelTreeWalk
{
    /// <summary>
    /// Every regular file under <paramref name="root"/> as (relative name with <c>/</c>, full
    /// path), in no particular order. Entries whose relative name <paramref name="isIgnored"/>
    /// accepts are skipped before they are inspected (and their subtree with them).
    /// </summary>
    /// <exception cref="ModelDigestException">Something under the root is refused or unreadable.</exception>
    public static List<(string Name, string FullPath)> RegularFiles(string root, Func<string, bool> isIgnored, CancellationToken ct)
    {
        var files = new List<(string Name, string FullPath)>();
        Walk(root, string.Empty, isIgnored, files, ct);
        return files;
    }

    /// <summary>What <paramref name="path"/> is, without following a link; unreadable is reported as a digest failure.</summary>
    public static FileKind Probe(string path)
    {
        try
        {
            return FileKindProbe.Classify(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDigestException(ModelDigestFailure.Unreadable, path, $"Cannot inspect '{path}': {ex.Message}", ex);
        }
    }

    private static void Walk(string directory, string relative, Func<string, bool> isIgnored, List<(string, string)> files, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            // The default skips Hidden and System entries; a digest must see every file (dotfiles included).
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(directory, "*", options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDigestException(ModelDigestFailure.Unreadable, directory, $"Cannot list model directory '{directory}': {ex.Message}", ex);
        }

        // Sorted so that the first problem reported is the same on every run and platform.
        Array.Sort(entries, StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string full in entries)
        {
            string leaf = Path.GetFileName(full);
            string name = relative.Length == 0 ? leaf : relative + "/" + leaf;
            if (isIgnored(name))
            {
                continue;
            }

            CheckName(leaf, full);
            if (seen.TryGetValue(leaf, out string? other))
            {
                throw new ModelDigestException(ModelDigestFailure.CaseCollision, full, $"Model names '{other}' and '{leaf}' in '{directory}' differ only by case; rename one.");
            }

            seen.Add(leaf, leaf);
            switch (Probe(full))
            {
                case FileKind.Regular:
                    files.Add((name, full));
                    break;
                case FileKind.Directory:
                    Walk(full, name, isIgnored, files, ct);
                    break;
                case FileKind.Symlink:
                    throw new ModelDigestException(ModelDigestFailure.Symlink, full, $"Model file '{name}' is a symbolic link; links are not allowed in a model (copy the target in).");
                case FileKind.Missing:
                    throw new ModelDigestException(ModelDigestFailure.Unreadable, full, $"Model file '{name}' disappeared while the model was being hashed.");
                default:
                    throw new ModelDigestException(ModelDigestFailure.SpecialFile, full, $"Model entry '{name}' is a device, FIFO or socket; only regular files are allowed.");
            }
        }
    }

    private static void CheckName(string leaf, string full)
    {
        // Invalid UTF-8 bytes on disk arrive as U+FFFD; an unpaired surrogate cannot be UTF-8.
        bool invalid = leaf.Contains('\uFFFD', StringComparison.Ordinal);
        for (int i = 0; !invalid && i < leaf.Length; i++)
        {
            if (char.IsHighSurrogate(leaf[i]) && i + 1 < leaf.Length && char.IsLowSurrogate(leaf[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(leaf[i]))
            {
                invalid = true;
            }
        }

        if (invalid)
        {
            throw new ModelDigestException(ModelDigestFailure.InvalidName, full, $"Model entry '{full}' has a name that is not valid UTF-8; rename it.");
        }

        if (!NfcCheck.IsSafelyNfc(leaf))
        {
            throw new ModelDigestException(ModelDigestFailure.NotNormalized, full, $"Model entry '{full}' has a name that is not in Unicode NFC, or holds combining characters that cannot be proven NFC (see docs/formats.md); rename it.");
        }
    }
}
