using System.Diagnostics;

namespace TrustScore.TestSupport;

/// <summary>Result of running the CLI as a separate process.</summary>
public sealed record CliProcessResult(int ExitCode, string StdOut, string StdErr);

/// <summary>
/// Runs <c>TrustScore.Cli.dll</c> as a separate process (for cross-process determinism, ISA
/// switches via environment variables, and kill -9 crash tests). The CLI must be a project
/// reference of the test project so its dll sits next to the tests.
/// </summary>
public static class CliProcess
{
    /// <summary>Path of the CLI assembly next to the running tests.</summary>
    public static string CliDll => System.IO.Path.Combine(AppContext.BaseDirectory, "TrustScore.Cli.dll");

    /// <summary>A start-info for the CLI with <paramref name="args"/> and extra environment.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        if (!File.Exists(CliDll))
        {
            throw new InvalidOperationException($"CLI not found at {CliDll}; add a ProjectReference to TrustScore.Cli.");
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
        }

        return psi;
    }

    /// <summary>Runs the CLI to completion (or kills it after <paramref name="timeout"/>).</summary>
    public static CliProcessResult Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(args, env, workingDirectory))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"trustscore {string.Join(' ', args)} did not finish in time.");
        }

        return new CliProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
