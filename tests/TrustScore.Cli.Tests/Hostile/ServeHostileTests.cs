using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.TestSupport;
using TrustScore.Tests.Serving;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// <c>serve</c> while the active pointer is moved to hostile targets: a version with a duplicate
/// manifest key, a copy under another name, and a symbolic link to a version outside the
/// registry. Each swap is refused, logged and audited; the old model keeps serving; SIGTERM still
/// ends with exit 0. Before, the duplicate-key target left no refusal and SIGTERM aborted (134).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class ServeHostileTests
{
    [Fact]
    public async Task Serve_RefusesHostileTargets_LogsAndAuditsEachRefusal_AndStopsWithExit0()
    {
        using var temp = new TempDirectory("hostile-serve");
        using var outside = new TempDirectory("hostile-serve-outside");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 61);
        string v2 = versions.Publish("v2", seed: 62);
        versions.Activate("v1");

        // Hostile targets, prepared before the service starts.
        File.SetUnixFileMode(v2, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string manifest = Path.Combine(v2, "manifest.json");
        File.SetAttributes(manifest, FileAttributes.Normal);
        string text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, "{\"digest\":{\"root\":\"sha256:00\"}," + text[(text.IndexOf('{', StringComparison.Ordinal) + 1)..]);
        Copy(Path.Combine(versions.Registry, "v1"), Path.Combine(versions.Registry, "vcopy"));
        Copy(Path.Combine(versions.Registry, "v1"), outside.Combine("v1"));
        Directory.CreateSymbolicLink(Path.Combine(versions.Registry, "vlink"), outside.Combine("v1"));

        using var process = Process.Start(CliProcess.StartInfo(
            ["serve", "--active", versions.ActivePath, "--registry", versions.Registry, "--public-key", versions.Key.PublicKeyPath, "--urls", "http://127.0.0.1:0", "--poll-ms", "200", "--json"]))!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            string? first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(first is not null, $"serve printed nothing; stderr: {Text(stderr)}");
            using var started = JsonDocument.Parse(first);
            using var client = new HttpClient { BaseAddress = new Uri(started.RootElement.GetProperty("listening")[0].GetString()!) };

            foreach (string target in new[] { "v2", "vcopy", "vlink" })
            {
                versions.Activate(target);
                await WaitFor(() => Text(stderr).Contains($"swap refused: Refused ", StringComparison.Ordinal) && Text(stderr).Contains($"{Path.Combine(versions.Registry, target)}'", StringComparison.Ordinal), stderr);
                using var ready = await client.GetAsync("/v2/health/ready");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            Assert.Contains("Duplicate property 'digest'", Text(stderr), StringComparison.Ordinal);
            Assert.Contains("does not match the version name 'vcopy'", Text(stderr), StringComparison.Ordinal);
            Assert.Contains("symbolic link", Text(stderr), StringComparison.Ordinal);
            var refusals = File.ReadAllLines(Path.Combine(versions.Registry, "rollback_log.jsonl"))
                .Select(l => JsonNode.Parse(l)!)
                .Where(e => (string?)e["action"] == "serve_swap" && (string?)e["outcome"] == "refused")
                .ToList();
            Assert.Equal(3, refusals.Count);
            Assert.All(refusals, r => Assert.Equal("v1", (string?)r["from_version"]));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exited.Token);
            Assert.True(process.ExitCode == 0, Text(stderr));
            Assert.Contains("stopped: in-flight requests finished", Text(stderr), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", Text(stderr), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string Text(StringBuilder sb)
    {
        lock (sb)
        {
            return sb.ToString();
        }
    }

    private static async Task WaitFor(Func<bool> condition, StringBuilder stderr)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"timed out; stderr: {Text(stderr)}");
            await Task.Delay(100);
        }
    }

    private static void Copy(string from, string to)
    {
        using var cp = Process.Start("cp", ["-a", from, to])!;
        cp.WaitForExit();
        Assert.Equal(0, cp.ExitCode);
    }
}
