using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TrustScore.Bench.Load;
using TrustScore.Consensus.Scoring;
using TrustScore.Tests.Serving;

// Load client for `trustscore serve` (issue 11). Usage:
//   all --cli PATH/TrustScore.Cli.dll --dir DIR [--seconds S] [--concurrency C]
//       builds a real-shape signed model in DIR, starts `trustscore serve` as a child process on a
//       free loopback port, loads it at batch 1 and batch 64, measures the in-process scorer, stops
//       the server with SIGTERM, and prints a Markdown table.
//   run --url URL --batch N [--seconds S] [--concurrency C] [--protocol tf|v2]
//       loads a server that is already running.
var arguments = Arguments.Parse(args);
switch (arguments.Verb)
{
    case "all":
        return await All(arguments);
    case "run":
    {
        var result = await Load.Run(new Uri(arguments.Get("--url")), arguments.Int("--batch", 1), arguments.Int("--concurrency", 16), arguments.Double("--seconds", 10), arguments.Get("--protocol", "tf"));
        Console.WriteLine(LoadResult.MarkdownHeader());
        Console.WriteLine(result.MarkdownRow());
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: TrustScore.Bench.Load all --cli TrustScore.Cli.dll --dir DIR [--seconds S] [--concurrency C] | run --url URL --batch N [--seconds S] [--concurrency C] [--protocol tf|v2]");
        return 2;
}

static async Task<int> All(Arguments a)
{
    string dir = Path.GetFullPath(a.Get("--dir"));
    string cli = Path.GetFullPath(a.Get("--cli"));
    double seconds = a.Double("--seconds", 10);
    int concurrency = a.Int("--concurrency", 16);
    if (Directory.Exists(dir))
    {
        Directory.Delete(dir, recursive: true);
    }

    var versions = new ServingVersions(dir);
    versions.Publish("v1", seed: 7, widths: [768, 512, 256, 128, 64, 1]); // the real trust-score shape
    versions.Activate("v1");
    Console.Error.WriteLine($"model: {dir}/registry/v1 (768-512-256-128-64-1, signed, published)");

    var results = new List<LoadResult>();
    using (var server = StartServer(cli, versions))
    {
        try
        {
            Uri url = await server.UrlAsync();
            Console.Error.WriteLine($"server: pid {server.Process.Id} on {url}");
            foreach (int batch in new[] { 1, 64 })
            {
                await Load.Run(url, batch, concurrency, Math.Min(2, seconds), "tf"); // warm-up (JIT, tiered compilation, connections)
                results.Add(await Load.Run(url, batch, concurrency, seconds, "tf"));
                results.Add(await Load.Run(url, batch, concurrency, seconds, "v2"));
            }
        }
        finally
        {
            server.Stop();
        }
    }

    Scorer scorer = versions.ReferenceScorer("v1");
    foreach (int batch in new[] { 1, 64 })
    {
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            results.Add(InProcess.Run(scorer, batch, threads, Math.Min(seconds, 5)));
        }
    }

    Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInfo()}");
    Console.WriteLine(LoadResult.MarkdownHeader());
    foreach (var r in results)
    {
        Console.WriteLine(r.MarkdownRow());
    }

    return results.Any(r => r.Errors > 0) ? 1 : 0;
}

static string RuntimeInfo() => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

static ServerProcess StartServer(string cli, ServingVersions versions)
{
    var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (string arg in new[] { cli, "serve", "--active", versions.ActivePath, "--registry", versions.Registry, "--public-key", versions.Key.PublicKeyPath, "--urls", "http://127.0.0.1:0", "--json" })
    {
        psi.ArgumentList.Add(arg);
    }

    return new ServerProcess(Process.Start(psi)!);
}

/// <summary>The closed-loop HTTP load: C connections, each sending its next request when the last one answered.</summary>
internal static class Load
{
    public static async Task<LoadResult> Run(Uri url, int batch, int concurrency, double seconds, string protocol)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        byte[] body = Encoding.UTF8.GetBytes(protocol == "v2" ? ServingVersions.V2Body(x, batch) : ServingVersions.TfBody(x, batch));
        string path = protocol == "v2" ? "/v2/models/trust_score/infer" : "/v1/models/trust_score:predict";
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { BaseAddress = url };
        var latencies = new List<long>[concurrency];
        long errors = 0;
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<long>(1 << 16);
            while (Stopwatch.GetTimestamp() < end)
            {
                long t0 = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(path, content).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                mine.Add(Stopwatch.GetTimestamp() - t0);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult($"HTTP {(protocol == "v2" ? "OIP v2 infer" : "TF predict")}", batch, concurrency, all.Length, errors, elapsed, LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.99));
    }
}

/// <summary>The scorer's own limit: the same rows scored in-process, one call per "request", no HTTP or JSON.</summary>
internal static class InProcess
{
    public static LoadResult Run(Scorer scorer, int batch, int threads, double seconds)
    {
        float[] x = ServingVersions.RandomRows(batch, seed: 100 + batch);
        var latencies = new List<long>[threads];
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var mine = latencies[t] = new List<long>(1 << 16);
            var y = new float[batch];
            while (Stopwatch.GetTimestamp() < end)
            {
                long t0 = Stopwatch.GetTimestamp();
                scorer.Score(x, batch, y);
                mine.Add(Stopwatch.GetTimestamp() - t0);
            }
        });
        double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        long[] all = [.. latencies.SelectMany(l => l)];
        Array.Sort(all);
        return new LoadResult("in-process Scorer.Score", batch, threads, all.Length, 0, elapsed, LoadResult.Percentile(all, 0.50), LoadResult.Percentile(all, 0.99));
    }
}

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

/// <summary>Minimal "--name value" parsing for a bench tool.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public string Verb { get; private init; } = string.Empty;

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments { Verb = args.Length > 0 ? args[0] : string.Empty };
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            parsed.values[args[i]] = args[i + 1];
        }

        return parsed;
    }

    public string Get(string name, string? fallback = null) =>
        values.TryGetValue(name, out string? v) ? v : fallback ?? throw new ArgumentException($"{name} is required.");

    public int Int(string name, int fallback) => values.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => values.TryGetValue(name, out string? v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
