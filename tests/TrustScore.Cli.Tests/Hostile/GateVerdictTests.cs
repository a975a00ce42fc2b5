using System.Text.Json.Nodes;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// The release verdict is recomputed from each gate's value, comparison and threshold, and the
/// manifest's version is checked, on every path that trusts a manifest — with or without a
/// public key. Before, publish without --public-key accepted <c>gates.passed=true</c> over a
/// failing r2 result, and a manifest edited to another version.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class GateVerdictTests : IDisposable
{
    private readonly TempDirectory tmp = new("hostile-gates");

    public void Dispose() => tmp.Dispose();

    [Theory]
    [InlineData(false, 0.1, "gates.passed disagrees with the gate results")]
    [InlineData(true, 0.1, "gate 'r2' says passed=true but 0.1 >= 0.85 is false")]
    public void Publish_AVerdictTheResultsContradict_IsRefusedWithExit5(bool resultPassed, double value, string expected)
    {
        string source = VersionDirectoryFixture.Write(tmp.Combine("x"), "v1", "w");
        EditManifest(source, m =>
        {
            var r2 = m["gates"]!["results"]![0]!;
            r2["passed"] = resultPassed;
            r2["value"] = value;
            m["gates"]!["passed"] = true;
        });

        var (code, _, err) = CliRunner.Run("publish", "--model", source, "--registry", tmp.Combine("reg"));

        Assert.Equal(5, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp.Combine("reg", "v1")));
    }

    [Fact]
    public void Publish_AManifestEditedToAnotherVersion_IsRefused()
    {
        string source = VersionDirectoryFixture.Write(tmp.Combine("x"), "v1", "w");
        EditManifest(source, m => m["model"]!["version"] = "v9");

        var (code, _, err) = CliRunner.Run("publish", "--model", source, "--registry", tmp.Combine("reg"));

        Assert.Equal(5, code);
        Assert.Contains("model.version 'v9' does not match the version name 'v1'", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp.Combine("reg", "v9")));
    }

    [Fact]
    public void RollbackTo_APublishedVersionWhoseVerdictWasEdited_IsRefused()
    {
        string reg = tmp.Combine("reg");
        Assert.Equal(0, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("x"), "v1", "w"), "--registry", reg).Code);
        string dir = Path.Combine(reg, "v1");
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetAttributes(Path.Combine(dir, "manifest.json"), FileAttributes.Normal);
        EditManifest(dir, m => m["gates"]!["results"]![0]!["value"] = 0.2);

        var (code, _, err) = CliRunner.Run("rollback", "to", "v1", "--registry", reg, "--active", tmp.Combine("active"));

        Assert.Equal(5, code);
        Assert.Contains("gate 'r2' says passed=true but 0.2 >= 0.85 is false", err, StringComparison.Ordinal);
    }

    private static void EditManifest(string versionDir, Action<JsonObject> edit)
    {
        string path = Path.Combine(versionDir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }
}
