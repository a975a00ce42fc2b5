using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TrustScore.Bench.Load;

/// <summary>`trustscore serve` as a child process; stopped with SIGTERM.</summary>
internal sealed class ServerProcess(Process process) : IDisposable
{
    public Process Process { get; } = process;

    public async Task<Uri> UrlAsync()
    {
        string? line = await Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        if (line is null)
        {
            throw new InvalidOperationException("serve exited: " + await Process.StandardError.ReadToEndAsync().ConfigureAwait(false));
        }

        using var json = JsonDocument.Parse(line);
        _ = Process.StandardError.ReadToEndAsync(); // keep draining the log
        return new Uri(json.RootElement.GetProperty("listening")[0].GetString()!);
    }

    public void Stop()
    {
        if (Process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!Process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            Process.Kill(entireProcessTree: true);
        }

        Console.Error.WriteLine($"server: exited with {Process.ExitCode} after SIGTERM");
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
