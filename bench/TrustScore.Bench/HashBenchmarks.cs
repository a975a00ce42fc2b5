using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using TrustScore.Consensus.Digest;

namespace TrustScore.Bench;

/// <summary>
/// <c>trustscore hash</c>'s computation (<see cref="ModelDigest.Compute"/>, parallel over files)
/// against <c>sha256sum</c> over the same files in one run (target: ratio ≥ 1.0×, i.e.
/// not slower). Both read from the page cache after the warm-up. The data is generated under
/// /tmp in the global setup and deleted in the cleanup.
/// Run: <c>dotnet run -c Release --project bench/TrustScore.Bench -- --filter '*HashBenchmarks*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class HashBenchmarks
{
    private string root = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        root = Path.Combine(Path.GetTempPath(), $"trustscore-hash-bench-{Environment.ProcessId}");
        long bytes = HashBenchmarkData.Generate(root);
        Console.WriteLine($"// generated {bytes / (1 << 20)} MiB in {root}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "sha256sum (find | xargs)")]
    public int Sha256Sum()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("find \"$0\" -type f -print0 | xargs -0 sha256sum | wc -l");
        psi.ArgumentList.Add(root);
        using var process = Process.Start(psi)!;
        string lines = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return int.Parse(lines.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Benchmark(Description = "trustscore hash (ModelDigest.Compute)")]
    public int TrustScoreHash() => ModelDigest.Compute(root).Files.Count;
}
