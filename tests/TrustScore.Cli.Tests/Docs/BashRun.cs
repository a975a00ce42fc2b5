using System.Diagnostics;

namespace TrustScore.Cli.Tests.Docs;

/// <summary>Runs a command (bash, dotnet) as a child process and collects its output; kills it after a timeout.</summary>
internal static class BashRun
{
    public static (int Code, string Out, string Err) Run(string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stdout.Result, stderr.Result + $"\n[killed after {timeout ?? TimeSpan.FromMinutes(5)}]");
        }

        // A process the script left running in the background would hold the pipes open forever.
        if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(30)))
        {
            return (process.ExitCode == 0 ? -1 : process.ExitCode, string.Empty, $"[exit {process.ExitCode}; a process it started in the background still holds its output open 30 s later]");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
