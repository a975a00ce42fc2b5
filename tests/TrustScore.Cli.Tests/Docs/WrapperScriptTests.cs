using System.Diagnostics;
using System.Runtime.Versioning;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Docs;

/// <summary>
/// The <c>./trustscore</c> wrapper builds only when a source changed: the build's own output under
/// bin/ and obj/ (deps.json, runtimeconfig.json) must not count as a change. The real script runs in
/// a copy of the repository's shape with a recording <c>dotnet</c> first on PATH, so each call
/// shows whether it built.
/// </summary>
[UnsupportedOSPlatform("windows")] // the wrapper is a bash script
public sealed class WrapperScriptTests
{
    [Fact]
    public void SecondCall_DoesNotBuild_AndAChangedSourceDoes()
    {
        using var root = new TempDirectory("trustscore-wrapper");
        File.Copy(RepositoryRoot.Combine("trustscore"), root.Combine("trustscore"));
        File.SetUnixFileMode(root.Combine("trustscore"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(root.Combine("src", "TrustScore.Cli"));
        File.WriteAllText(root.Combine("src", "TrustScore.Cli", "TrustScore.Cli.csproj"), "<Project />");
        File.WriteAllText(root.Combine("src", "TrustScore.Cli", "Program.cs"), "// source");
        WriteRecordingDotnet(root);

        Assert.Equal(["build", "run version"], Call(root, "version"));
        Assert.Equal(["run version"], Call(root, "version"));

        // A source edited after the last build is a change; the build's own json output is not.
        File.SetLastWriteTimeUtc(root.Combine("src", "TrustScore.Cli", "obj", "trustscore-wrapper.stamp"), DateTime.UtcNow.AddMinutes(-1));
        File.SetLastWriteTimeUtc(root.Combine("src", "TrustScore.Cli", "Program.cs"), DateTime.UtcNow);
        Assert.Equal(["build", "run version"], Call(root, "version"));
        Assert.Equal(["run version"], Call(root, "version"));
    }

    /// <summary>
    /// A <c>dotnet</c> that logs each call: <c>build</c> writes the dll and, like the real build,
    /// json files under bin/ and obj/ dated in the future; anything else logs <c>run</c>.
    /// </summary>
    private static void WriteRecordingDotnet(TempDirectory root)
    {
        Directory.CreateDirectory(root.Combine("fake-dotnet"));
        string script = root.Combine("fake-dotnet", "dotnet");
        File.WriteAllText(script, $$"""
            #!/usr/bin/env bash
            log='{{root.Combine("calls.log")}}'
            cli='{{root.Combine("src", "TrustScore.Cli")}}'
            if [[ "$1" == build ]]; then
              echo build >> "$log"
              mkdir -p "$cli/bin/Release/net10.0" "$cli/obj/Release/net10.0"
              touch "$cli/bin/Release/net10.0/TrustScore.Cli.dll"
              touch -d '+1 hour' "$cli/bin/Release/net10.0/TrustScore.Cli.deps.json" "$cli/obj/Release/net10.0/project.assets.json"
            else
              echo "run ${*:2}" >> "$log"
            fi
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Runs the wrapper once and returns what it asked <c>dotnet</c> to do.</summary>
    private static string[] Call(TempDirectory root, params string[] args)
    {
        string log = root.Combine("calls.log");
        File.Delete(log);
        var psi = new ProcessStartInfo(root.Combine("trustscore")) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["PATH"] = root.Combine("fake-dotnet") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(psi)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        return File.ReadAllLines(log);
    }
}
