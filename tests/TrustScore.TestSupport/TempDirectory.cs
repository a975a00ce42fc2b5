namespace TrustScore.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted (read-only bits cleared) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? prefix = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix ?? "trustscore"}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Path of <paramref name="relative"/> inside this directory.</summary>
    public string Combine(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            if (!OperatingSystem.IsWindows())
            {
                foreach (var dir in Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories))
                {
                    File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
