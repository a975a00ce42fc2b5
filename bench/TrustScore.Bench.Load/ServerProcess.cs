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
        GrpcUrl = json.RootElement.TryGetProperty("grpc", out JsonElement grpc) && grpc.GetArrayLength() > 0 ? new Uri(grpc[0].GetString()!) : null;
        return new Uri(json.RootElement.GetProperty("listening")[0].GetString()!);
    }

    /// <summary>The gRPC sidecar address printed by <c>--json</c> (after <see cref="UrlAsync"/>), or null when off.</summary>
    public Uri? GrpcUrl { get; private set; }

    /// <summary>The server's resident set size (VmRSS in /proc/PID/status), KiB.</summary>
    public long RssKiB()
    {
        foreach (string line in File.ReadLines($"/proc/{Process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no VmRSS line in /proc/PID/status");
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
