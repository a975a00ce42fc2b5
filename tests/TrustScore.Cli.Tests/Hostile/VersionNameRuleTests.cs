using System.Diagnostics;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// One version-name rule (1–128 of [A-Za-z0-9._-], not starting with '.' or '-'), checked by
/// every verb that takes a version before any work starts (docs/formats.md, "Version names").
/// Before, <c>export --version v1+x</c> wrote a signed export that publish then refused, and a
/// 300-character name failed with "path too long" only after the whole evaluation.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class VersionNameRuleTests : IDisposable
{
    private static readonly string Name129 = "v" + new string('a', 128);
    private static readonly string Name300 = "v" + new string('b', 299);

    private readonly TempDirectory tmp = new("hostile-names");

    public void Dispose() => tmp.Dispose();

    public static TheoryData<string> BadNames => new() { "v1+x", Name129, Name300, ".hidden", "-v1", "a/b", "..", "v 1", "" };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Export_BadName_IsBadInput_BeforeTheRunDirectoryIsEvenRead(string name)
    {
        var clock = Stopwatch.StartNew();

        var (code, _, err) = CliRunner.Run("export", "--run-dir", tmp.Combine("no-such-run"), "--version", name);

        Assert.Equal(3, code);
        Assert.Contains("is not allowed: use 1-128 letters, digits", err, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-run", err, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("v1+x", false)]
    [InlineData("v1+x", true)]
    public void Train_BadName_IsBadInput_BeforeTheConfigIsRead(string name, bool dryRun)
    {
        string[] args = ["train", "--config", tmp.Combine("no-such.yaml"), "--version", name];
        var (code, _, err) = CliRunner.Run(dryRun ? [.. args, "--dry-run"] : args);

        Assert.Equal(3, code);
        Assert.Contains($"The version name '{name}' is not allowed", err, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongName_IsShownCut_InOneLine()
    {
        var (_, _, err) = CliRunner.Run("export", "--run-dir", tmp.Combine("r"), "--version", Name300);

        Assert.Contains("(300 characters)", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Name300, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rollback", "to")]
    [InlineData("rollback", "verify")]
    [InlineData("registry", "show")]
    public void RegistryVerbs_BadName_AreBadInput_AndTouchNothing(string verb, string sub)
    {
        string reg = tmp.Combine("reg");

        var (code, _, err) = CliRunner.Run(verb, sub, "v1+x", "--registry", reg);

        Assert.Equal(3, code);
        Assert.Contains("The version name 'v1+x' is not allowed", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(reg));
    }

    [Theory]
    [InlineData("proposal", "rollback")]
    [InlineData("rollback", "proposal")]
    public void RollbackProposals_BadName_AreBadInput(string verb, string sub)
    {
        var (code, _, err) = CliRunner.Run(verb, sub, "--registry", tmp.Combine("reg"), "--to", Name129, "--reason", "drift", "--out", tmp.Combine("p"));

        Assert.Equal(3, code);
        Assert.Contains("is not allowed: use 1-128 letters", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_AManifestWithANameTheRuleRefuses_IsRefused()
    {
        string source = VersionDirectoryFixture.Write(tmp.Combine("x"), "v1+x", "w");

        var (code, _, err) = CliRunner.Run("publish", "--model", source, "--registry", tmp.Combine("reg"));

        // The name comes from the manifest, so this is the manifest failing verification.
        Assert.Equal(5, code);
        Assert.Contains("model.version 'v1+x' is not a valid version name", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp.Combine("reg", "v1+x")));
    }
}
