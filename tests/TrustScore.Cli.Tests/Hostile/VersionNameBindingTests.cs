using System.Diagnostics;
using System.Text.Json;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// A version's name is bound to its signed content: a copy of v3 under another name is not
/// "vcopy" on any path — registry listing, rollback verify, rollback to (docs/formats/registry.md).
/// Before, <c>rollback verify vcopy</c> answered "v3 verifies" and <c>rollback to vcopy</c> logged
/// <c>to_version: vcopy</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class VersionNameBindingTests : IDisposable
{
    private readonly HostileRegistry reg = new();

    public VersionNameBindingTests()
    {
        using var cp = Process.Start("cp", ["-a", Path.Combine(reg.Reg, "v3"), Path.Combine(reg.Reg, "vcopy")])!;
        cp.WaitForExit();
        Assert.Equal(0, cp.ExitCode);
    }

    public void Dispose() => reg.Dispose();

    [Fact]
    public void RollbackVerify_ACopyUnderAnotherName_Exit5_NamingTheMismatch()
    {
        var (code, _, err) = CliRunner.Run(reg.Args("rollback", "verify", "vcopy"));

        Assert.Equal(5, code);
        Assert.Contains("model.version 'v3' does not match the version name 'vcopy'", err, StringComparison.Ordinal);
        Assert.DoesNotContain("v3 verifies", err, StringComparison.Ordinal);
    }

    [Fact]
    public void RollbackTo_ACopyUnderAnotherName_IsRefused_AndLoggedAsRefused()
    {
        Assert.Equal(0, CliRunner.Run(reg.Args("rollback", "to", "v1")).Code);

        var (code, _, _) = CliRunner.Run(reg.Args("rollback", "to", "vcopy"));

        Assert.Equal(5, code);
        Assert.Equal("v1", reg.PointsAt());
        var last = reg.LogLines()[^1];
        Assert.Equal("refused", last["outcome"]!.GetValue<string>());
        Assert.DoesNotContain(reg.LogLines(), l => (string?)l["to_version"] == "vcopy" && (string?)l["outcome"] == "succeeded");
    }

    [Fact]
    public void RegistryListAndShow_ACopyUnderAnotherName_DoesNotVerify()
    {
        var list = CliRunner.Run("registry", "list", "--registry", reg.Reg, "--verify", "--json");
        var show = CliRunner.Run("registry", "show", "vcopy", "--registry", reg.Reg, "--verify");

        Assert.Equal(0, list.Code);
        using var doc = JsonDocument.Parse(list.Out);
        Assert.False(doc.RootElement.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "vcopy").GetProperty("verified").GetBoolean());
        Assert.Equal(5, show.Code);
    }
}
