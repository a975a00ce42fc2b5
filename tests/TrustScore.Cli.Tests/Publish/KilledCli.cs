using System.Diagnostics;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Publish;

/// <summary>
/// Spawns the CLI as a child process and kills it with SIGKILL: either exactly when it reaches a
/// named crash point (TRUSTSCORE_TEST_CRASHPOINT makes it announce the point on stderr and wait),
/// or after a delay.
/// </summary>
internal sealed class KilledCli : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<bool> reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KilledCli(IEnumerable<string> args, string? crashPoint)
    {
        var env = new Dictionary<string, string>();
        if (crashPoint is not null)
        {
            env["TRUSTSCORE_TEST_CRASHPOINT"] = crashPoint;
        }

        process = Process.Start(CliProcess.StartInfo(args, env))!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (crashPoint is not null && e.Data == $"crashpoint:{crashPoint}")
            {
                reached.TrySetResult(true);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public int Pid => process.Id;

    /// <summary>Starts the CLI and returns once it waits at <paramref name="crashPoint"/> (it is still alive).</summary>
    public static KilledCli PauseAt(string crashPoint, params string[] args)
    {
        var cli = new KilledCli(args, crashPoint);
        if (!cli.reached.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            cli.Dispose();
            throw new TimeoutException($"trustscore {string.Join(' ', args)} never reached crash point {crashPoint}.");
        }

        return cli;
    }

    /// <summary>Runs the CLI and SIGKILLs it at <paramref name="crashPoint"/>.</summary>
    public static void KillAt(string crashPoint, params string[] args)
    {
        using var cli = PauseAt(crashPoint, args);
        cli.Kill();
    }

    /// <summary>Runs the CLI and SIGKILLs it after <paramref name="delay"/> (or lets it finish first).</summary>
    public static void KillAfter(TimeSpan delay, params string[] args)
    {
        using var cli = new KilledCli(args, null);
        if (!cli.process.WaitForExit(delay))
        {
            cli.Kill();
        }
    }

    /// <summary>SIGKILL (Process.Kill on Unix) and wait until the process is gone.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
