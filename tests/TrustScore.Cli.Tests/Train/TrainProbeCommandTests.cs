using System.Diagnostics;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Train;

/// <summary>
/// Cross-process determinism of training: the hidden <c>train-probe</c> verb in separate processes
/// with 1 and 2 threads, with the JIT's hardware paths switched off, and stopped/killed then
/// resumed, must print the same weights digest.
/// </summary>
public sealed class TrainProbeCommandTests
{
    /// <summary>Same value as TrustScore.Tests' TrainerTests.PinnedProbeDigest (the in-process pin).</summary>
    private const string PinnedProbeDigest = "4b5a9208b2fae55f6473c995639ecbf7a57890c1d90b9a8e2222720fda4b92e5";

    // The ISA runs use a smaller probe: without hardware FMA every multiply-add is emulated.
    private static readonly string[] SmallProbe = ["train-probe", "--samples", "200", "--epochs", "2", "--quiet"];

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void Probe_AnyThreadCount_PrintsThePinnedDigest(string threads)
    {
        Assert.Equal(PinnedProbeDigest, Digest(Run(["train-probe", "--threads", threads, "--quiet"])));
    }

    [Fact]
    public void Probe_HardwarePathsSwitchedOff_PrintsTheSameDigest()
    {
        string expected = Digest(Run([.. SmallProbe, "--threads", "2"]));
        // .NET 10 ignores EnableAVX512F=0; EnableAVX512=0 is the switch that takes AVX-512 away (docs/numerics.md).
        foreach (string variable in new[] { "DOTNET_EnableAVX512F", "DOTNET_EnableAVX512", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" })
        {
            var env = new Dictionary<string, string> { [variable] = "0" };
            Assert.True(expected == Digest(Run(SmallProbe, env)), $"{variable}=0 changed the training digest");
        }
    }

    [Fact]
    public void Probe_StoppedAfterEpochThenResumed_PrintsThePinnedDigest()
    {
        using var dir = new TempDirectory();
        var stopped = JsonNode.Parse(Run(["train-probe", "--stop-after-epoch", "1", "--output-dir", dir.Path, "--quiet"]))!;
        Assert.Equal(1, (int)stopped["stopped_after_epoch"]!);
        Assert.Equal(PinnedProbeDigest, Digest(Run(["train-probe", "--resume", "--output-dir", dir.Path, "--threads", "2", "--quiet"])));
    }

    [Fact]
    public void Probe_KilledMidRunThenResumed_PrintsThePinnedDigest()
    {
        using var dir = new TempDirectory();
        string last = dir.Combine("checkpoints", "last.ckpt");
        using (var process = Process.Start(CliProcess.StartInfo(["train-probe", "--output-dir", dir.Path, "--quiet"]))!)
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(last) && !process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(3))
            {
                Thread.Sleep(20);
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
        }

        Assert.True(File.Exists(last), "the run wrote no checkpoint before it was killed");
        Assert.Equal(PinnedProbeDigest, Digest(Run(["train-probe", "--resume", "--output-dir", dir.Path, "--quiet"])));
    }

    [Fact]
    public void Probe_ResumeWithoutOutputDir_IsBadInput()
    {
        var result = CliProcess.Run(["train-probe", "--resume"]);
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Contains("--output-dir", result.StdErr, StringComparison.Ordinal);
    }

    private static string Run(string[] args, IReadOnlyDictionary<string, string>? env = null)
    {
        var result = CliProcess.Run(args, env);
        Assert.True(result.ExitCode == 0, $"trustscore {string.Join(' ', args)} exited {result.ExitCode}: {result.StdErr}");
        return result.StdOut;
    }

    private static string Digest(string json) => (string)JsonNode.Parse(json)!["weights_digest"]!;
}
