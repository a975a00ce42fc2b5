using System.Diagnostics;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>
/// Runs the chain's CLI (e.g. <c>virtengine</c>) when it is installed. It is looked up on PATH;
/// when it is missing the operation stops with <see cref="ToolUnavailableException"/> (its own exit
/// code) and a sentence saying so, instead of a process-start stack trace.
/// </summary>
public static class ChainCli
{
    /// <summary>Full path of <paramref name="binary"/> on PATH, or null.</summary>
    public static string? Find(string binary)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, binary);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs <paramref name="command"/> (binary first), copying its stdout and stderr to the writers.
    /// </summary>
    /// <exception cref="ToolUnavailableException">The binary is not on PATH.</exception>
    /// <exception cref="RemoteFailedException">It ran and exited with a non-zero code.</exception>
    public static void Run(IReadOnlyList<string> command, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(command);
        string binary = command[0];
        string executable = Find(binary)
            ?? throw new ToolUnavailableException($"the chain CLI '{binary}' is not on PATH; install it or run the printed command where it is installed (use --dry-run to only print it).");

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new ToolUnavailableException($"the chain CLI '{executable}' could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        stdout.Write(output.Result);
        stderr.Write(error.Result);
        if (process.ExitCode != 0)
        {
            throw new RemoteFailedException($"'{binary} {string.Join(' ', command.Skip(1).Take(3))}' exited with code {process.ExitCode}.");
        }
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var mode = File.GetUnixFileMode(file);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
