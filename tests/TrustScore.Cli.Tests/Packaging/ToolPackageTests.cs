using System.IO.Compression;
using TrustScore.Cli.Tests.Docs;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Packaging;

/// <summary>
/// The <c>dotnet tool</c> package: <c>dotnet pack</c> produces
/// TrustScore.Tool, it installs into a temporary tool path from the local folder, and the
/// installed <c>trustscore</c> runs. NuGet sees only that folder (a nuget.config that clears the
/// other sources), so the test needs no network.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void Pack_InstallIntoToolPath_TrustscoreRuns()
    {
        using var temp = new TempDirectory("tool-package");
        string project = RepositoryRoot.Combine("src", "TrustScore.Cli", "TrustScore.Cli.csproj");
        string builtCli = RepositoryRoot.Combine("src", "TrustScore.Cli", "bin", "Release", "net10.0", "TrustScore.Cli.dll");
        string[] buildMode = File.Exists(builtCli) ? ["--no-build"] : [];

        var pack = BashRun.Run("dotnet", ["pack", project, "-c", "Release", "-o", temp.Combine("nupkg"), "-nologo", .. buildMode], temp.Path, timeout: TimeSpan.FromMinutes(8));
        Assert.True(pack.Code == 0, pack.Out + pack.Err);
        string package = Assert.Single(Directory.GetFiles(temp.Combine("nupkg"), "TrustScore.Tool.*.nupkg"));
        using (var zip = ZipFile.OpenRead(package))
        {
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
            Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("/runtimes/ios/", StringComparison.Ordinal) || e.FullName.Contains("/runtimes/android/", StringComparison.Ordinal));
        }

        File.WriteAllText(temp.Combine("nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        // A private package folder: the machine's NuGet cache keeps neither this build nor an older one.
        var install = BashRun.Run("dotnet", ["tool", "install", "TrustScore.Tool", "--tool-path", temp.Combine("tools"), "--add-source", temp.Combine("nupkg")], temp.Path,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = temp.Combine("packages") }, TimeSpan.FromMinutes(5));
        Assert.True(install.Code == 0, install.Out + install.Err);

        string trustscore = temp.Combine("tools", "trustscore");
        var version = BashRun.Run(trustscore, ["--version"], temp.Path);
        Assert.True(version.Code == (int)ExitCode.Ok, version.Err);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out.Trim());

        var verb = BashRun.Run(trustscore, ["version"], temp.Path);
        Assert.True(verb.Code == (int)ExitCode.Ok, verb.Err);
        Assert.StartsWith("trustscore " + version.Out.Trim(), verb.Out, StringComparison.Ordinal);

        var help = BashRun.Run(trustscore, ["quickstart", "--help"], temp.Path);
        Assert.Equal((int)ExitCode.Ok, help.Code);
        Assert.Contains("Example: trustscore quickstart", help.Out, StringComparison.Ordinal);
    }
}
