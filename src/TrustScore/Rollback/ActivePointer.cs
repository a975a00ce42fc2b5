using TrustScore.Errors;

namespace TrustScore.Rollback;

/// <summary>
/// The active model pointer, <c>models/trust_score/active</c> (runbook §5.2; docs/formats/registry.md): a
/// symbolic link to <c>&lt;registry&gt;/&lt;version&gt;</c>, relative when possible. It is
/// switched atomically: the new link is created under a temporary name beside it and renamed
/// over the old one, so a reader always finds either the old or the new version, never nothing.
/// Reading resolves the link itself (upstream could not find the current version through its own
/// symlink).
/// </summary>
public sealed class ActivePointer
{
    /// <summary>The default pointer path, relative to the working directory.</summary>
    public const string DefaultPath = "models/trust_score/active";

    /// <summary>A pointer at <paramref name="path"/>.</summary>
    public ActivePointer(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The link's full path.</summary>
    public string Path { get; }

    /// <summary>The full path the pointer resolves to, or null when there is no pointer yet.</summary>
    public string? ReadTarget()
    {
        var info = new FileInfo(Path);
        string? link = info.LinkTarget;
        if (link is null)
        {
            if (info.Exists || Directory.Exists(Path))
            {
                throw new BadInputException($"The active pointer '{Path}' is not a symbolic link; move it aside and run 'rollback to VERSION'.");
            }

            return null;
        }

        return System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, link));
    }

    /// <summary>
    /// The version the pointer names when its target is a folder of <paramref name="registryPath"/>;
    /// null when there is no pointer or it points elsewhere.
    /// </summary>
    public string? VersionIn(string registryPath)
    {
        string? target = ReadTarget()?.TrimEnd(System.IO.Path.DirectorySeparatorChar);
        if (target is null)
        {
            return null;
        }

        string parent = System.IO.Path.GetFullPath(System.IO.Path.GetDirectoryName(target)!);
        return parent == System.IO.Path.GetFullPath(registryPath).TrimEnd(System.IO.Path.DirectorySeparatorChar) ? System.IO.Path.GetFileName(target) : null;
    }

    /// <summary>Points at <paramref name="versionDirectory"/> atomically (temporary link + rename over) and makes the rename durable.</summary>
    public void SwitchTo(string versionDirectory)
    {
        string dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        string target = System.IO.Path.GetRelativePath(dir, System.IO.Path.GetFullPath(versionDirectory));
        string temporary = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(Path)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temporary, target);
        try
        {
            // rename(2) replaces the old link in one step; there is no moment without a pointer.
            PosixRename.Rename(temporary, Path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        IO.AtomicFile.FlushDirectory(dir);
    }
}
