using System.Text.Json;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests;

public class VersionCommandTests
{
    [Fact]
    public void Version_Json_PutsOnlyJsonOnStdout()
    {
        var (code, stdout, _) = CliRunner.Run("version", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public void UnknownVerb_ExitsWithUsageCode()
    {
        var (code, _, stderr) = CliRunner.Run("no-such-verb");
        Assert.Equal(2, code);
        Assert.Contains("no-such-verb", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_RunsAsSeparateProcess()
    {
        var result = CliProcess.Run(["version"]);
        Assert.Equal((int)ExitCode.Ok, result.ExitCode);
        Assert.StartsWith("trustscore ", result.StdOut, StringComparison.Ordinal);
    }
}
