using System.Runtime.Versioning;

namespace TrustScore.Cli.Tests.Docs;

/// <summary>
/// The README's promise: its first command is the quickstart through the repository's
/// wrapper script, its second the tests; the tour names what the quickstart does and how to
/// install the tool.
/// </summary>
public sealed class ReadmeTests
{
    [Fact]
    public void Readme_FirstCommandIsTheQuickstart_SecondTheTests()
    {
        var commands = RunbookTests.Fences(File.ReadAllText(RepositoryRoot.Combine("README.md")))
            .Where(f => f.Language == "bash")
            .Select(f => f.Body.Trim())
            .ToList();
        Assert.True(commands.Count >= 2, "the README shows its two set-up commands as bash blocks");
        Assert.Equal("./trustscore quickstart", commands[0]);
        Assert.Equal("bash .ci/run", commands[1]);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // Unix file modes; the wrappers are bash scripts.
    public void WrapperScripts_AreExecutable_AndRunTheCli()
    {
        foreach (string script in new[] { "trustscore", Path.Combine(".ci", "run") })
        {
            var mode = File.GetUnixFileMode(RepositoryRoot.Combine(script));
            Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{script} is not executable");
        }

        string wrapper = File.ReadAllText(RepositoryRoot.Combine("trustscore"));
        Assert.Contains("src/TrustScore.Cli/TrustScore.Cli.csproj", wrapper, StringComparison.Ordinal);
        Assert.Contains("exec dotnet \"$dll\" \"$@\"", wrapper, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_Tour_DescribesTheQuickstart_AndTheToolPackage()
    {
        string readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        Assert.Contains("evaluation_report.html", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet pack src/TrustScore.Cli -c Release -o ./nupkg", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install TrustScore.Tool --tool-path", readme, StringComparison.Ordinal);
        Assert.Contains("docs/runbook.md", readme, StringComparison.Ordinal);
    }
}
