using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Serve;

/// <summary>
/// <c>trustscore serve</c> as a child process, the way the serve tests drive it: stderr collected
/// as it arrives, the <c>--json</c> start-up line read, stopped with a real signal. Disposing kills
/// a process that is still running, so a failed test never leaves a server behind.
/// </summary>
internal sealed class ServeChild : IDisposable
{
    private readonly StringBuilder stderr = new();

    private ServeChild(Process process)
    {
        Process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Everything the service wrote to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public static ServeChild Start(IEnumerable<string> serveArgs) =>
        new(Process.Start(CliProcess.StartInfo(["serve", .. serveArgs]))!);

    /// <summary>The JSON line <c>serve --json</c> prints once it listens.</summary>
    public async Task<JsonDocument> ReadStartLineAsync(TimeSpan timeout)
    {
        string? first = await Process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
        Xunit.Assert.True(first is not null, $"serve printed nothing; stderr: {Stderr}");
        return JsonDocument.Parse(first);
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>-TERM</c>, <c>-KILL</c>) with kill(1) and waits for the process to end.</summary>
    public async Task SignalAndWaitAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", [signal, Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var exited = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(exited.Token);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
