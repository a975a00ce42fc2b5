using System.Security.Cryptography;
using System.Text;

namespace TrustScore.TestSupport;

/// <summary>
/// The keeper recipe (docs/formats.md §1b) written again, plainly, for fixtures: every file
/// under the directory except the three skipped base names, relative names with '/', sorted by
/// UTF-8 bytes, one SHA-256 over name bytes then file bytes. Not the code under test; its result
/// on the shell-computed golden tree is checked by the fixture tests.
/// </summary>
public static class KeeperHashOracle
{
    /// <summary>The keeper hash of <paramref name="directory"/>, 64 lower-case hex.</summary>
    public static string Of(string directory)
    {
        string root = Path.GetFullPath(directory);
        var names = Directory.GetFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => Path.GetFileName(f) is not ("export_metadata.json" or "MODEL_HASH.txt" or "manifest.json"))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Select(Encoding.UTF8.GetBytes)
            .ToList();
        names.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        using var all = new MemoryStream();
        foreach (byte[] name in names)
        {
            all.Write(name);
            all.Write(File.ReadAllBytes(Path.Combine(root, Encoding.UTF8.GetString(name))));
        }

        return Convert.ToHexStringLower(SHA256.HashData(all.ToArray()));
    }
}
