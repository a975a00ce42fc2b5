using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace TrustScore.Consensus.Digest;

/// <summary>
/// Computes the one identity of a model: the OpenSSF Model Signing v1.0 <c>files</c>
/// serialization (FORMATS.md §1; runbook §7.2, which it replaces). Every stage that needs a
/// model's root digest calls <see cref="Compute"/>; there is no other recipe.
/// </summary>
/// <remarks>
/// <para>The recipe, for a reader in another language:</para>
/// <list type="number">
/// <item>Walk the model directory. Only regular files count; a symlink, device, FIFO or socket is
/// an error. Paths equal to or under an ignore path are skipped (defaults:
/// <see cref="DefaultIgnorePaths"/>).</item>
/// <item>Name each file by its path relative to the model root with <c>/</c> separators; a model
/// that is a single file is named <c>.</c>. Names must be valid UTF-8 in NFC, and no two names in
/// one directory may differ only by case.</item>
/// <item>Digest each file: SHA-256 of its bytes.</item>
/// <item>Sort by name component by component (<see cref="ComponentPathComparer"/>).</item>
/// <item>Root = SHA-256 over the concatenated raw 32-byte file digests in that order, written
/// <c>sha256:&lt;hex&gt;</c>.</item>
/// </list>
/// <para>Files are hashed in parallel; the result does not depend on the schedule.</para>
/// </remarks>
public static class ModelDigest
{
    /// <summary>The OpenSSF serialization method name.</summary>
    public const string Method = "files";

    /// <summary>The hash algorithm name, per file and for the root.</summary>
    public const string Algorithm = "sha256";

    /// <summary>Paths always ignored, relative to the model root (the OpenSSF git defaults).</summary>
    public static IReadOnlyList<string> DefaultIgnorePaths { get; } = [".git", ".gitattributes", ".github", ".gitignore"];

    /// <summary>The name given to the only file of a single-file model.</summary>
    public const string SingleFileName = ".";

    /// <summary>
    /// Digests the model at <paramref name="path"/> (a directory, or a single regular file).
    /// </summary>
    /// <param name="path">The model directory or file.</param>
    /// <param name="ignorePaths">Extra POSIX paths relative to the model root to skip, in addition
    /// to <see cref="DefaultIgnorePaths"/> (for example the signature file when it lives inside).</param>
    /// <param name="ct">Cancels the walk and the hashing.</param>
    /// <returns>The root and every file, in canonical order.</returns>
    /// <exception cref="ModelDigestException">The path is missing, holds a symlink or special
    /// file, a bad name, a case collision, or a file that cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static ModelDigestResult Compute(string path, IReadOnlyCollection<string>? ignorePaths = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        // No trailing separator: "link/" would make the kernel follow a linked root.
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        switch (ModelTreeWalk.Probe(root))
        {
            case FileKind.Missing:
                throw new ModelDigestException(ModelDigestFailure.NotFound, path, $"Model path '{path}' does not exist.");
            case FileKind.Symlink:
                throw new ModelDigestException(ModelDigestFailure.Symlink, path, $"Model path '{path}' is a symbolic link; pass the real path.");
            case FileKind.Special:
                throw new ModelDigestException(ModelDigestFailure.SpecialFile, path, $"Model path '{path}' is not a regular file or directory.");
            case FileKind.Regular:
                return Hash([(SingleFileName, root)], ct);
        }

        string[][] ignored = NormalizeIgnorePaths(ignorePaths);
        var files = ModelTreeWalk.RegularFiles(root, name => IsIgnored(name, ignored), ct);
        files.Sort((a, b) => ComponentPathComparer.Instance.Compare(a.Name, b.Name));
        return Hash(files, ct);
    }

    /// <summary>Root digest (<c>sha256:&lt;hex&gt;</c>) over already computed file digests in canonical order.</summary>
    /// <param name="files">File entries; sorted here, so any order is accepted.</param>
    /// <exception cref="FormatException">An entry's digest is not 64 hex characters.</exception>
    public static string RootOf(IEnumerable<FileDigestEntry> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sorted = files.OrderBy(f => f.Name, ComponentPathComparer.Instance).ToList();
        byte[] concatenated = new byte[sorted.Count * FileDigest.Sha256Length];
        for (int i = 0; i < sorted.Count; i++)
        {
            byte[] digest = Convert.FromHexString(sorted[i].Sha256);
            if (digest.Length != FileDigest.Sha256Length)
            {
                throw new FormatException($"Digest of '{sorted[i].Name}' is not 32 bytes.");
            }

            digest.CopyTo(concatenated, i * FileDigest.Sha256Length);
        }

        return ModelDigestResult.RootPrefix + Convert.ToHexStringLower(SHA256.HashData(concatenated));
    }

    private static ModelDigestResult Hash(IReadOnlyList<(string Name, string FullPath)> files, CancellationToken ct)
    {
        var digests = new byte[files.Count][];
        var sizes = new long[files.Count];
        var failures = new Exception?[files.Count];
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        // Largest files first, one file per work item: the longest single hash starts at once
        // instead of ending the run alone. The order of results does not depend on the schedule.
        int[] schedule = LargestFirst(files);
        Parallel.ForEach(Partitioner.Create(schedule, EnumerablePartitionerOptions.NoBuffering), options, (i, state) =>
        {
            try
            {
                digests[i] = FileDigest.Compute(files[i].FullPath, out sizes[i], ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failures[i] = ex;
                state.Stop();
            }
        });

        for (int i = 0; i < files.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                throw new ModelDigestException(ModelDigestFailure.Unreadable, files[i].FullPath, $"Cannot read model file '{files[i].FullPath}': {failure.Message}", failure);
            }
        }

        byte[] concatenated = new byte[files.Count * FileDigest.Sha256Length];
        var entries = new FileDigestEntry[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            digests[i].CopyTo(concatenated, i * FileDigest.Sha256Length);
            entries[i] = new FileDigestEntry(files[i].Name, Convert.ToHexStringLower(digests[i]), sizes[i]);
        }

        string rootDigest = ModelDigestResult.RootPrefix + Convert.ToHexStringLower(SHA256.HashData(concatenated));
        return new ModelDigestResult(rootDigest, entries);
    }

    private static int[] LargestFirst(IReadOnlyList<(string Name, string FullPath)> files)
    {
        var lengths = new long[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            try
            {
                lengths[i] = new FileInfo(files[i].FullPath).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lengths[i] = 0; // hashing reports it
            }
        }

        int[] order = new int[files.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => lengths[b] != lengths[a] ? lengths[b].CompareTo(lengths[a]) : a.CompareTo(b));
        return order;
    }

    private static string[][] NormalizeIgnorePaths(IReadOnlyCollection<string>? extra)
    {
        var all = new List<string[]>();
        foreach (string raw in DefaultIgnorePaths.Concat(extra ?? []))
        {
            string posix = raw.Replace('\\', '/');
            if (posix.Length == 0 || posix.StartsWith('/') || Path.IsPathRooted(raw))
            {
                throw new ModelDigestException(ModelDigestFailure.InvalidIgnorePath, raw, $"Ignore path '{raw}' must be relative to the model root.");
            }

            string[] parts = posix.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
            if (parts.Length == 0 || parts.Contains(".."))
            {
                throw new ModelDigestException(ModelDigestFailure.InvalidIgnorePath, raw, $"Ignore path '{raw}' must name something inside the model root.");
            }

            all.Add(parts);
        }

        return [.. all];
    }

    private static bool IsIgnored(string name, string[][] ignored)
    {
        foreach (string[] parts in ignored)
        {
            if (IsUnder(name, parts))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnder(string name, string[] parts)
    {
        int position = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            if (string.CompareOrdinal(name, position, part, 0, part.Length) != 0 || name.Length < position + part.Length)
            {
                return false;
            }

            position += part.Length;
            if (position == name.Length)
            {
                return i == parts.Length - 1;
            }

            if (name[position] != '/')
            {
                return false;
            }

            position++;
        }

        return true;
    }
}
