using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.Scoring;
using TrustScore.Signing;

namespace TrustScore.Verification;

/// <summary>
/// <c>trustscore verify-determinism</c> (runbook §2.3; docs/numerics.md §10). Unlike
/// upstream's five in-process runs compared with a tolerance, this starts several <b>separate
/// processes</b> of the CLI's hidden <c>probe-outputs</c> verb — with narrower JIT instruction
/// sets (<c>DOTNET_EnableAVX512F=0</c>, <c>DOTNET_EnableAVX2=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>),
/// 1 and 2 threads and several batch sizes. Each must reproduce the conformance vectors bit for
/// bit and print the same SHA-256 of its outputs on seeded random rows; nothing is tolerated.
/// </summary>
public static class DeterminismCheck
{
    /// <summary>The JIT switches every process sets or clears, so an inherited one cannot leak into "default".</summary>
    public static IReadOnlyList<string> IsaSwitches { get; } = ["DOTNET_EnableAVX512", "DOTNET_EnableAVX512F", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic"];

    // .NET 10 ignores DOTNET_EnableAVX512F (the knob of earlier runtimes) and honours
    // DOTNET_EnableAVX512; both are set so the AVX-512-off process really runs 256-bit kernels.
    private static readonly (string[] Switches, int Threads)[] Shapes =
    [
        ([], 1),
        ([], 2),
        (["DOTNET_EnableAVX512F", "DOTNET_EnableAVX512"], 1),
        (["DOTNET_EnableAVX2"], 2),
        (["DOTNET_EnableHWIntrinsic"], 1),
    ];

    private static readonly int[] Batches = [0, 7, 1, 64, 33, 100, 256];

    /// <summary>
    /// The processes for <paramref name="runs"/> runs: the first five are default, 2 threads,
    /// AVX-512 off, AVX2 (and so AVX-512) off and all hardware intrinsics off; later ones cycle through these with
    /// other batch sizes. A batch of <paramref name="rows"/> means one call for all rows.
    /// </summary>
    public static IReadOnlyList<DeterminismProcess> Plan(int runs, int rows)
    {
        var plan = new List<DeterminismProcess>();
        for (int i = 0; i < runs; i++)
        {
            var (switches, threads) = Shapes[i % Shapes.Length];
            int batch = Batches[i % Batches.Length];
            var env = switches.ToDictionary(name => name, _ => "0", StringComparer.Ordinal);
            plan.Add(new DeterminismProcess(i + 1, env, threads, batch == 0 ? rows : Math.Min(batch, rows)));
        }

        return plan;
    }

    /// <summary>Verifies the version's digest, runs every planned process one after another and compares them.</summary>
    /// <exception cref="BadInputException">Bad options, or the directory or host does not exist.</exception>
    /// <exception cref="VerificationFailedException">The version's digest does not match its manifest.</exception>
    public static DeterminismReport Run(DeterminismOptions options, Action<DeterminismRun>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Runs is < 2 or > 64)
        {
            throw new BadInputException($"--runs is {options.Runs}; it must be between 2 and 64 (determinism needs at least two processes to compare).");
        }

        if (options.Rows is < 1 or > 1_000_000)
        {
            throw new BadInputException($"--rows is {options.Rows}; it must be between 1 and 1000000.");
        }

        var report = VerifiedModelLoader.VerifyDigest(options.VersionDir);
        var manifest = Manifest.Read(VersionLayout.ManifestPath(options.VersionDir));
        string modelDir = VersionLayout.ModelPath(options.VersionDir);
        string modelPath = Path.GetFullPath(Path.Combine(modelDir, VersionLayout.ModelOnnx));
        string conformancePath = Path.GetFullPath(Path.Combine(modelDir, VersionLayout.Conformance));
        var runs = new List<DeterminismRun>();
        foreach (var process in Plan(options.Runs, options.Rows))
        {
            var run = Probe(options, process, modelPath, conformancePath);
            progress?.Invoke(run);
            runs.Add(run);
        }

        string? reference = runs.Where(r => r.Succeeded)
            .GroupBy(r => r.OutputsSha256)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Min(r => r.Process.Index))
            .Select(g => g.Key)
            .FirstOrDefault();
        return new DeterminismReport(report.Version, manifest.Digest.Root, options.Rows, options.Seed, runs, reference);
    }

    private static DeterminismRun Probe(DeterminismOptions options, DeterminismProcess process, string modelPath, string conformancePath)
    {
        var psi = new ProcessStartInfo(options.HostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in options.HostArguments)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (string arg in new[]
        {
            "probe-outputs", "--model", modelPath, "--conformance", conformancePath,
            "--rows", options.Rows.ToString(CultureInfo.InvariantCulture),
            "--seed", options.Seed.ToString(CultureInfo.InvariantCulture),
            "--batch", process.Batch.ToString(CultureInfo.InvariantCulture),
            "--threads", process.Threads.ToString(CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (string name in IsaSwitches)
        {
            psi.Environment.Remove(name);
        }

        foreach (var (name, value) in process.Environment)
        {
            psi.Environment[name] = value;
        }

        Process child;
        try
        {
            child = Process.Start(psi) ?? throw new BadInputException($"'{options.HostPath}' could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BadInputException($"'{options.HostPath}' could not be started: {ex.Message}", ex);
        }

        using (child)
        {
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            if (!child.WaitForExit(options.ProcessTimeout))
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
                return new DeterminismRun(process, -1, null, null, null, 0, $"did not finish within {options.ProcessTimeout.TotalSeconds:0} s and was killed");
            }

            return Parse(process, child.ExitCode, stdout.Result, stderr.Result);
        }
    }

    private static DeterminismRun Parse(DeterminismProcess process, int exitCode, string stdout, string stderr)
    {
        if (exitCode != 0)
        {
            string message = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal))?["error:".Length..].Trim() ?? stderr.Trim();
            return new DeterminismRun(process, exitCode, null, null, null, 0, message.Length == 0 ? "no error message" : message);
        }

        try
        {
            using var doc = StrictJson.ParseDocument(stdout);
            var root = doc.RootElement;
            int checkedVectors = root.GetProperty("conformance_vectors_checked").GetInt32();
            return new DeterminismRun(
                process,
                exitCode,
                root.GetProperty("outputs_sha256").GetString(),
                root.GetProperty("scores_sha256").GetString(),
                root.GetProperty("kernel_path").GetString(),
                checkedVectors,
                checkedVectors > 0 ? null : "reproduced no conformance vectors (the conformance file is empty)");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new DeterminismRun(process, exitCode, null, null, null, 0, $"printed no probe digests ({ex.Message})");
        }
    }
}
