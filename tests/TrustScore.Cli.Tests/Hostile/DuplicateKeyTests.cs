using System.Text.Json;
using TrustScore.Tests.Serving;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// A registry version whose manifest.json or metadata.json repeats a key: every verb that lists,
/// verifies, rolls back or publishes reports that one version as not verifying and carries on
/// with the others (docs/formats.md, "Reading JSON"). Before the strict reader these verbs ended
/// in an unhandled ArgumentException (exit 134 and a stack trace).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class DuplicateKeyTests : IDisposable
{
    private readonly HostileRegistry reg = new();

    public DuplicateKeyTests() => reg.DuplicateManifestKey("v2");

    public void Dispose() => reg.Dispose();

    [Fact]
    public void RegistryList_WithVerify_ReportsTheTamperedVersion_AndListsTheOthers()
    {
        var (code, stdout, err) = CliRunner.Run("registry", "list", "--registry", reg.Reg, "--verify", "--json");

        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var verified = doc.RootElement.GetProperty("versions").EnumerateArray()
            .ToDictionary(v => v.GetProperty("version").GetString()!, v => v.GetProperty("verified").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["v1"] = true, ["v2"] = false, ["v3"] = true }, verified);
    }

    [Fact]
    public void RollbackList_ReportsTheTamperedVersion_AndListsTheOthers()
    {
        var (code, stdout, err) = CliRunner.Run(reg.Args("rollback", "list", "--json"));

        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.False(rows.Single(r => r.GetProperty("version").GetString() == "v2").GetProperty("verified").GetBoolean());
    }

    [Fact]
    public void RollbackVerifyAndTo_TheTamperedVersion_Exit5_NamingTheDuplicate_PointerUnchanged()
    {
        Assert.Equal(0, CliRunner.Run(reg.Args("rollback", "to", "v1")).Code);

        var verify = CliRunner.Run(reg.Args("rollback", "verify", "v2"));
        var to = CliRunner.Run(reg.Args("rollback", "to", "v2"));

        Assert.Equal(5, verify.Code);
        Assert.Contains("Duplicate property 'digest'", verify.Err, StringComparison.Ordinal);
        Assert.Equal(5, to.Code);
        Assert.Equal("v1", reg.PointsAt());

        // The emergency path still works for every other version.
        Assert.Equal(0, CliRunner.Run(reg.Args("rollback", "to", "v3")).Code);
        Assert.Equal("v3", reg.PointsAt());
        Assert.Equal(0, CliRunner.Run("audit", "verify", "--registry", reg.Reg).Code);
    }

    [Fact]
    public void VerifyModel_OnATamperedSignedVersion_Exit5_NamingTheDuplicate()
    {
        var versions = new ServingVersions(reg.Combine("signed"));
        string dir = versions.Publish("v1", seed: 71);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string manifest = Path.Combine(dir, "manifest.json");
        File.SetAttributes(manifest, FileAttributes.Normal);
        string text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, "{\"digest\":{\"root\":\"sha256:00\"}," + text[(text.IndexOf('{', StringComparison.Ordinal) + 1)..]);

        var (code, stdout, err) = CliRunner.Run("verify", "--model", dir, "--public-key", versions.Key.PublicKeyPath);

        Assert.True(code == 5, err);
        Assert.Contains("Duplicate property 'digest'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_IntoARegistryHoldingTheTamperedVersion_StillWorks_AndRepublishingItIsAConflict()
    {
        var fresh = CliRunner.Run("publish", "--model", reg.Export("v4"), "--registry", reg.Reg);
        var again = CliRunner.Run("publish", "--model", reg.Export("v2"), "--registry", reg.Reg);

        Assert.True(fresh.Code == 0, fresh.Err);
        Assert.Equal(6, again.Code);
        Assert.Contains("'manifest.json' differs", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_ASourceWithADuplicateKey_IsRefused_AndAudited()
    {
        string source = reg.Export("v4");
        string manifest = Path.Combine(source, "manifest.json");
        string text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, "{\"schema\":\"x\"," + text[(text.IndexOf('{', StringComparison.Ordinal) + 1)..]);

        var (code, _, err) = CliRunner.Run("publish", "--model", source, "--registry", reg.Reg);

        Assert.Equal(5, code);
        Assert.Contains("Duplicate property 'schema'", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(reg.Reg, "v4")));
        Assert.Equal("refused", reg.LogLines()[^1]["outcome"]!.GetValue<string>());
    }

    [Fact]
    public void RegistryList_WithADuplicateKeyInMetadata_ListsTheVersionAsUnreadable_AndTheOthers()
    {
        string metadata = File.ReadAllText(Path.Combine(reg.Reg, "v3", "metadata.json"));
        reg.Overwrite("v3", "metadata.json", "{\"version\":\"v9\"," + metadata[(metadata.IndexOf('{', StringComparison.Ordinal) + 1)..]);

        var list = CliRunner.Run("registry", "list", "--registry", reg.Reg, "--json");
        var rollbackList = CliRunner.Run(reg.Args("rollback", "list", "--json"));
        var show = CliRunner.Run("registry", "show", "v3", "--registry", reg.Reg, "--verify");

        Assert.True(list.Code == 0, list.Err);
        using (var doc = JsonDocument.Parse(list.Out))
        {
            var v3 = doc.RootElement.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "v3");
            Assert.Contains("Duplicate property 'version'", v3.GetProperty("problem").GetString(), StringComparison.Ordinal);
            Assert.Equal(3, doc.RootElement.GetProperty("versions").GetArrayLength());
        }

        Assert.True(rollbackList.Code == 0, rollbackList.Err);
        Assert.Equal(5, show.Code);
    }
}
