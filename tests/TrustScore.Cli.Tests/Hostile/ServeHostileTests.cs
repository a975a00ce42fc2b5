using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Cli.Tests.Serve;
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

        using var serve = ServeChild.Start(
            ["--active", versions.ActivePath, "--registry", versions.Registry, "--public-key", versions.Key.PublicKeyPath, "--urls", "http://127.0.0.1:0", "--poll-ms", "200", "--json"]);
        using var started = await serve.ReadStartLineAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = new Uri(started.RootElement.GetProperty("listening")[0].GetString()!) };

        foreach (string target in new[] { "v2", "vcopy", "vlink" })
        {
            versions.Activate(target);
            await WaitFor(() => serve.Stderr.Contains($"swap refused: Refused ", StringComparison.Ordinal) && serve.Stderr.Contains($"{Path.Combine(versions.Registry, target)}'", StringComparison.Ordinal), serve);
            using var ready = await client.GetAsync("/v2/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Contains("Duplicate property 'digest'", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not match the version name 'vcopy'", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("symbolic link", serve.Stderr, StringComparison.Ordinal);
        var refusals = File.ReadAllLines(Path.Combine(versions.Registry, "rollback_log.jsonl"))
            .Select(l => JsonNode.Parse(l)!)
            .Where(e => (string?)e["action"] == "serve_swap" && (string?)e["outcome"] == "refused")
            .ToList();
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, r => Assert.Equal("v1", (string?)r["from_version"]));

        await serve.SignalAndWaitAsync("-TERM", TimeSpan.FromSeconds(30));
        Assert.True(serve.Process.ExitCode == 0, serve.Stderr);
        Assert.Contains("stopped: in-flight requests finished", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
    }

    private static async Task WaitFor(Func<bool> condition, ServeChild serve)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"timed out; stderr: {serve.Stderr}");
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
