using System.Text.Json.Nodes;
using TrustScore.Rollback;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// A local registry with v1, v2 and v3 published through the CLI, plus the tampering a hostile
/// operator or a broken disk can do to it. Every test gets its own temporary directory.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
internal sealed class HostileRegistry : IDisposable
{
    private readonly TempDirectory tmp = new("hostile");

    public HostileRegistry()
    {
        foreach (string v in new[] { "v1", "v2", "v3" })
        {
            var (code, _, err) = CliRunner.Run("publish", "--model", Export(v), "--registry", Reg);
            Assert.True(code == 0, $"publish {v}: {err}");
        }
    }

    public string Root => tmp.Path;

    public string Reg => tmp.Combine("artifacts", "models");

    public string Active => tmp.Combine("models", "trust_score", "active");

    public string Log => Path.Combine(Reg, "rollback_log.jsonl");

    /// <summary>A fresh exported version directory named <paramref name="version"/> (outside the registry).</summary>
    public string Export(string version, string? payload = null) =>
        VersionDirectoryFixture.Write(tmp.Combine("export-" + Guid.NewGuid().ToString("N")[..8]), version, payload ?? "weights-" + version);

    public string Combine(params string[] relative) => tmp.Combine(relative);

    public string[] Args(params string[] verb) => [.. verb, "--registry", Reg, "--active", Active];

    public string? PointsAt() => new ActivePointer(Active).ReadTarget() is { } t ? Path.GetFileName(t) : null;

    /// <summary>Overwrites <paramref name="relative"/> inside a published version (its read-only bits cleared first).</summary>
    public void Overwrite(string version, string relative, string text)
    {
        string dir = Path.Combine(Reg, version);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string path = Path.Combine(dir, relative);
        File.SetAttributes(path, FileAttributes.Normal);
        File.WriteAllText(path, text);
    }

    /// <summary>
    /// Gives <paramref name="version"/>'s manifest a duplicate key: a first <c>"digest"</c> member
    /// is put before the original one, so a lax reader keeps one of them and a dictionary-backed
    /// one throws on first use.
    /// </summary>
    public void DuplicateManifestKey(string version)
    {
        string text = File.ReadAllText(Path.Combine(Reg, version, "manifest.json"));
        int brace = text.IndexOf('{', StringComparison.Ordinal);
        Overwrite(version, "manifest.json", "{\"digest\":{\"root\":\"sha256:00\"}," + text[(brace + 1)..]);
    }

    /// <summary>The audit log's lines (empty when there is none).</summary>
    public IReadOnlyList<JsonObject> LogLines() => File.Exists(Log)
        ? [.. File.ReadAllLines(Log).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())]
        : [];

    public void Dispose() => tmp.Dispose();
}
