using System.Diagnostics;
using System.Text.Json;
using TrustScore.Cli.Tests.Docs;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Consensus;

/// <summary>
/// arm64 gives the x64 bits (docs/numerics.md §10): a self-contained linux-arm64 publish of the CLI
/// runs under QEMU user-mode emulation on this x64 machine — with its 128-bit AdvSimd kernels and
/// again with <c>DOTNET_EnableHWIntrinsic=0</c> (scalar) — and must reproduce the x64 run's
/// conformance vectors (checked at every model load), the scores of 600 records, the probe digests
/// of a real-shape model, and a tiny training run's <c>final.ckpt</c> and <c>model/</c> bytes.
/// Needs <c>qemu-user-static</c> and the arm64 runtime libraries, which <c>.ci/run</c> installs;
/// without them the test fails and says so (it never skips).
/// </summary>
public sealed class Arm64ParityTests
{
    private const string Qemu = "/usr/bin/qemu-aarch64-static";
    private const string Arm64Loader = "/lib/ld-linux-aarch64.so.1";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(12);

    [Fact]
    public void Arm64UnderQemu_ScoresAndTrainsTheX64Bits_WithAndWithoutHardwareIntrinsics()
    {
        Assert.True(
            File.Exists(Qemu) && File.Exists(Arm64Loader),
            $"arm64 emulation is not installed ({Qemu}, {Arm64Loader}): run .ci/run as root, which installs the Debian packages " +
            "qemu-user-static libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 zlib1g:arm64 libssl3:arm64 (after dpkg --add-architecture arm64).");

        using var dir = new TempDirectory("arm64");
        string cli = Publish(dir);

        // x64 reference: a tiny training run (exports a model version), scores, probe digests.
        string data = dir.Combine("data");
        Expect(CliProcess.Run(["dataset", "synth", "--out", data, "--samples", "600", "--seed", "11", "--format", "jsonl"], timeout: StepTimeout), "x64 dataset synth");
        string records = Directory.GetFiles(data, "*.jsonl").Single();
        string config = SmallTrainingConfig.Write(dir.Combine("tiny.yaml"), data, epochs: 2, hiddenLayers: "[16, 8]");
        string probeModel = ProbeModel(dir);
        var x64 = RunAll(dir, "x64", args => CliProcess.Run(args, timeout: StepTimeout), config, records, probeModel);

        var modes = new Dictionary<string, Dictionary<string, string>>
        {
            ["arm64"] = new() { ["DOTNET_EnableWriteXorExecute"] = "0", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" },
            ["arm64-nointrinsics"] = new() { ["DOTNET_EnableWriteXorExecute"] = "0", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1", ["DOTNET_EnableHWIntrinsic"] = "0" },
        };
        var runs = modes.AsParallel().Select(m => (Mode: m.Key, Result: RunAll(dir, m.Key, args => Emulated(cli, args, m.Value), config, records, probeModel))).ToList();

        foreach (var (mode, arm) in runs)
        {
            Assert.Equal(mode == "arm64" ? "Vector128" : "Scalar", arm.KernelPath);
            Assert.Equal(x64.ProbeDigests, arm.ProbeDigests);
            Assert.True(x64.Scores.AsSpan().SequenceEqual(arm.Scores), $"{mode}: the scores of {records} differ from x64");
            Assert.True(x64.FinalCheckpoint.AsSpan().SequenceEqual(arm.FinalCheckpoint), $"{mode}: checkpoints/final.ckpt differs from x64");
            Assert.Equal(x64.ModelFiles.Keys.Order(), arm.ModelFiles.Keys.Order());
            foreach (var (name, bytes) in x64.ModelFiles)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(arm.ModelFiles[name]), $"{mode}: model/{name} differs from x64");
            }
        }
    }

    private sealed record PlatformRun(string KernelPath, string ProbeDigests, byte[] Scores, byte[] FinalCheckpoint, Dictionary<string, byte[]> ModelFiles);

    /// <summary>Trains, scores the records with the trained version (its conformance vectors are checked at load) and probes the real-shape model.</summary>
    private static PlatformRun RunAll(TempDirectory dir, string name, Func<string[], CliProcessResult> cli, string config, string records, string probeModel)
    {
        string run = dir.Combine($"run-{name}");
        Expect(cli(["train", "--config", config, "--output-dir", run, "--version", "v1", "--threads", "1", "--quiet"]), $"{name} train");
        string version = Path.Combine(run, "exported_models", "v1");
        string scores = dir.Combine($"scores-{name}.jsonl");
        var score = cli(["score", "--model", version, "--input", records, "--output", scores]);
        Expect(score, $"{name} score");
        Assert.Contains("conformance vectors reproduced", score.StdErr, StringComparison.Ordinal);

        var probe = cli(["probe-outputs", "--model", probeModel, "--conformance", Path.ChangeExtension(probeModel, ".conformance.json"), "--rows", "256", "--batch", "64"]);
        Expect(probe, $"{name} probe-outputs");
        using var json = JsonDocument.Parse(probe.StdOut);
        var root = json.RootElement;
        string modelDir = Path.Combine(version, "model");
        return new PlatformRun(
            root.GetProperty("kernel_path").GetString()!,
            $"{root.GetProperty("outputs_sha256").GetString()} {root.GetProperty("scores_sha256").GetString()}",
            File.ReadAllBytes(scores),
            File.ReadAllBytes(Path.Combine(run, "checkpoints", "final.ckpt")),
            Directory.GetFiles(modelDir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(modelDir, f), File.ReadAllBytes));
    }

    /// <summary>A real-shape (768→512→256→128→64→1) random model with its conformance vectors, so the probe exercises wide layers.</summary>
    private static string ProbeModel(TempDirectory dir)
    {
        string path = dir.Combine("probe.onnx");
        File.WriteAllBytes(path, OnnxModelWriter.Write(TestModels.Random(TestModels.RealWidths, 2026, normalization: true)));
        var conformance = ConformanceVectors.Generate(Scorer.LoadFile(path));
        File.WriteAllBytes(Path.ChangeExtension(path, ".conformance.json"), TrustScore.IO.CanonicalJson.ToUtf8Bytes(conformance.ToJson()));
        return path;
    }

    /// <summary>Self-contained linux-arm64 publish, built in its own artifacts folder (never touches the test build's obj/).</summary>
    private static string Publish(TempDirectory dir)
    {
        string output = dir.Combine("cli-arm64");
        var result = Exec("dotnet", [
            "publish", RepositoryRoot.Combine("src", "TrustScore.Cli", "TrustScore.Cli.csproj"), "-c", "Release", "-r", "linux-arm64",
            "--self-contained", "--artifacts-path", dir.Combine("artifacts"), "-o", output, "-nologo", "-v", "quiet",
        ], null);
        Expect(result, "dotnet publish -r linux-arm64");
        string cli = Path.Combine(output, "TrustScore.Cli");
        Assert.True(File.Exists(cli), $"the publish did not produce {cli}");
        return cli;
    }

    private static CliProcessResult Emulated(string cli, string[] args, Dictionary<string, string> env) =>
        Exec(Qemu, ["-L", "/", cli, .. args], env);

    private static CliProcessResult Exec(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {StepTimeout}.");
        }

        return new CliProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void Expect(CliProcessResult result, string what) =>
        Assert.True(result.ExitCode == 0, $"{what} exited {result.ExitCode}: {result.StdErr}{result.StdOut}");
}
