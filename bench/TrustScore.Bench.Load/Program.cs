using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TrustScore.Bench.Load;
using TrustScore.Consensus.Scoring;
using TrustScore.Tests.Serving;

// Load client for `trustscore serve`. Usage:
//   all --cli PATH/TrustScore.Cli.dll --dir DIR [--seconds S] [--concurrency C]
//       builds a real-shape signed model in DIR, starts `trustscore serve` as a child process on a
//       free loopback port, loads it at batch 1 and batch 64, measures the in-process scorer, stops
//       the server with SIGTERM, and prints a Markdown table.
//   receipts --cli PATH/TrustScore.Cli.dll --dir DIR [--seconds S] [--concurrency C]
//       the same model served twice, without and with --receipt-key (a fresh Ed25519 key), loaded
//       at batch 1 over TF Serving REST and gRPC ComputeScore: the cost of signing receipts.
//   rss --cli PATH/TrustScore.Cli.dll --dir DIR [--requests N] [--batch B] [--protocol tf|v2|v2bin] [--concurrency C]
//       serves the same model, sends 1,000 warm-up requests, then N (default 100,000) more in four
//       parts, printing the server's resident set size (VmRSS) before and after each part.
//   run --url URL --batch N [--seconds S] [--concurrency C] [--protocol tf|v2|v2bin|grpc]
//       loads a server that is already running (grpc: URL is its --grpc-urls address, batch 1).
var arguments = Arguments.Parse(args);
switch (arguments.Verb)
{
    case "all":
        return await All(arguments);
    case "receipts":
        return await Receipts(arguments);
    case "rss":
        return await Rss(arguments);
    case "run":
    {
        string protocol = arguments.Get("--protocol", "tf");
        var result = protocol == "grpc"
            ? await GrpcLoad.Run(new Uri(arguments.Get("--url")), arguments.Int("--concurrency", 16), arguments.Double("--seconds", 10))
            : await Load.Run(new Uri(arguments.Get("--url")), arguments.Int("--batch", 1), arguments.Int("--concurrency", 16), arguments.Double("--seconds", 10), protocol);
        Console.WriteLine(LoadResult.MarkdownHeader());
        Console.WriteLine(result.MarkdownRow());
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: TrustScore.Bench.Load all|receipts --cli TrustScore.Cli.dll --dir DIR [--seconds S] [--concurrency C] | rss --cli TrustScore.Cli.dll --dir DIR [--requests N] [--batch B] [--protocol tf|v2|v2bin] | run --url URL --batch N [--seconds S] [--concurrency C] [--protocol tf|v2|v2bin|grpc]");
        return 2;
}

static async Task<int> All(Arguments a)
{
    string dir = Path.GetFullPath(a.Get("--dir"));
    string cli = Path.GetFullPath(a.Get("--cli"));
    double seconds = a.Double("--seconds", 10);
    int concurrency = a.Int("--concurrency", 16);
    var versions = FreshRegistryWithRealModel(dir);
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
                results.Add(await Load.Run(url, batch, concurrency, seconds, "tf", server: server.Process));
                results.Add(await Load.Run(url, batch, concurrency, seconds, "v2", server: server.Process));
                if (batch > 1)
                {
                    await Load.Run(url, batch, concurrency, Math.Min(2, seconds), "v2bin"); // warm-up
                    results.Add(await Load.Run(url, batch, concurrency, seconds, "v2bin", server: server.Process));
                }

                if (batch == 1 && server.GrpcUrl is { } grpc)
                {
                    await GrpcLoad.Run(grpc, concurrency, Math.Min(2, seconds)); // warm-up
                    results.Add(await GrpcLoad.Run(grpc, concurrency, seconds));
                }
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

        results.Add(InProcess.RunParsed(scorer, batch, Math.Min(seconds, 5)));
        if (batch > 1)
        {
            results.Add(InProcess.RunV2Parsed(scorer, batch, Math.Min(seconds, 5), binary: false));
            results.Add(InProcess.RunV2Parsed(scorer, batch, Math.Min(seconds, 5), binary: true));
            results.Add(InProcess.RunV2ParseOnly(batch, Math.Min(seconds, 5)));
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

static async Task<int> Receipts(Arguments a)
{
    string dir = Path.GetFullPath(a.Get("--dir"));
    string cli = Path.GetFullPath(a.Get("--cli"));
    double seconds = a.Double("--seconds", 10);
    int concurrency = a.Int("--concurrency", 16);
    var versions = FreshRegistryWithRealModel(dir);
    var key = TrustScore.Signing.KeyGenerator.Generate(Path.Combine(dir, "receipt-keys"), TrustScore.Signing.SigningKeyAlgorithm.Ed25519, "receipts");
    Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInfo()}");
    int errors = 0;
    foreach (string[] extra in new[] { Array.Empty<string>(), ["--receipt-key", key.PrivateKeyPath] })
    {
        using var server = StartServer(cli, versions, extra);
        try
        {
            Uri url = await server.UrlAsync();
            Console.WriteLine(extra.Length == 0 ? "without receipts:" : "with receipts (--receipt-key):");
            Console.WriteLine(LoadResult.MarkdownHeader());
            await Load.Run(url, 1, concurrency, Math.Min(2, seconds), "tf"); // warm-up
            var tf = await Load.Run(url, 1, concurrency, seconds, "tf");
            Console.WriteLine(tf.MarkdownRow());
            errors += (int)tf.Errors;
            if (server.GrpcUrl is { } grpc)
            {
                await GrpcLoad.Run(grpc, concurrency, Math.Min(2, seconds)); // warm-up
                var g = await GrpcLoad.Run(grpc, concurrency, seconds);
                Console.WriteLine(g.MarkdownRow());
                errors += (int)g.Errors;
            }
        }
        finally
        {
            server.Stop();
        }
    }

    return errors > 0 ? 1 : 0;
}

static async Task<int> Rss(Arguments a)
{
    string dir = Path.GetFullPath(a.Get("--dir"));
    string cli = Path.GetFullPath(a.Get("--cli"));
    long requests = a.Int("--requests", 100_000);
    int batch = a.Int("--batch", 64);
    int concurrency = a.Int("--concurrency", 8);
    string protocol = a.Get("--protocol", "v2bin");
    var versions = FreshRegistryWithRealModel(dir);
    Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInfo()}");
    using var server = StartServer(cli, versions);
    long errors = 0;
    try
    {
        Uri url = await server.UrlAsync();
        Console.WriteLine($"server RSS after start: {server.RssKiB():N0} KiB");
        var warm = await Load.Run(url, batch, concurrency, 86_400, protocol, 1_000);
        errors += warm.Errors;
        Console.WriteLine($"server RSS after 1,000 warm-up requests ({protocol}, batch {batch}): {server.RssKiB():N0} KiB");
        Console.WriteLine("| requests sent (after warm-up) | server VmRSS KiB | req/s in this part | errors |");
        Console.WriteLine("|---:|---:|---:|---:|");
        long done = 0;
        for (int part = 0; part < 4; part++)
        {
            long n = (requests / 4) + (part == 3 ? requests % 4 : 0);
            var r = await Load.Run(url, batch, concurrency, 86_400, protocol, n);
            done += r.Requests;
            errors += r.Errors;
            Console.WriteLine($"| {done:N0} | {server.RssKiB():N0} | {r.RequestsPerSecond:N0} | {r.Errors} |");
        }
    }
    finally
    {
        server.Stop();
    }

    return errors > 0 ? 1 : 0;
}

// A fresh registry under dir with v1 active: the real trust-score shape, signed and published.
static ServingVersions FreshRegistryWithRealModel(string dir)
{
    if (Directory.Exists(dir))
    {
        Directory.Delete(dir, recursive: true);
    }

    var versions = new ServingVersions(dir);
    versions.Publish("v1", seed: 7, widths: [768, 512, 256, 128, 64, 1]);
    versions.Activate("v1");
    return versions;
}

static string RuntimeInfo() => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

static ServerProcess StartServer(string cli, ServingVersions versions, string[]? extra = null)
{
    var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (string arg in new[] { cli, "serve", "--active", versions.ActivePath, "--registry", versions.Registry, "--public-key", versions.Key.PublicKeyPath, "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0", "--json" }.Concat(extra ?? []))
    {
        psi.ArgumentList.Add(arg);
    }

    return new ServerProcess(Process.Start(psi)!);
}
