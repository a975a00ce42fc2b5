using System.Security.Cryptography;

namespace TrustScore.Tests.Registry;

/// <summary>Helpers shared by the registry and rollback tests.</summary>
internal static class RegistryTestSupport
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A snapshot of every file (relative path → SHA-256) under <paramref name="dir"/>, to show nothing changed.</summary>
    public static SortedDictionary<string, string> Snapshot(string dir)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(dir))
        {
            return result;
        }

        foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(dir, file)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }
}
