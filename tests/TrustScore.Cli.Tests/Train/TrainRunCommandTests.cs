using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Train;

/// <summary>
/// <c>trustscore train</c> end to end (runbook §1.3–1.4, §2): a passing run exports a signed
/// version that <c>verify</c> accepts; a weakened run prints the failing gate table, exports
/// nothing and exits 4; the dry run is unchanged.
/// </summary>
[Collection(CliRunCollection.Name)]
public sealed class TrainRunCommandTests(CliRunFixture run)
{
    [Fact]
    public void Train_PassingRun_ExportsASignedVersion_ThatVerifyAccepts()
    {
        Assert.True(run.Train.Code == (int)ExitCode.Ok, run.Train.Err);
        var json = JsonNode.Parse(run.Train.Out)!;
        Assert.True((bool)json["gates_passed"]!);
        Assert.Equal(run.VersionDir, (string?)json["exported"]!["version_dir"]);
        Assert.True((bool)json["exported"]!["signed"]!);
        Assert.Equal(9, json["gates"]!.AsArray().Count);

        var verify = CliRunner.Run("verify", "--model", run.VersionDir, "--public-key", run.PublicKey, "--json");
        Assert.True(verify.Code == (int)ExitCode.Ok, verify.Out + verify.Err);
        var checks = JsonNode.Parse(verify.Out)!["checks"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
        Assert.Contains("conformance", checks);
        Assert.Contains("onnxruntime-parity", checks);

        var hash = CliRunner.Run("hash", Path.Combine(run.VersionDir, "model"));
        Assert.Contains((string)json["exported"]!["root"]!, hash.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_InAnotherProcess_WithTwoThreadsAndNoAvx2_ExportsTheSameRoot()
    {
        using var temp = new TempDirectory("cli-isa");
        var result = CliProcess.Run(
            ["train", "--config", run.ConfigPath, "--output-dir", temp.Combine("run"), "--version", "v1", "--threads", "2", "--quiet", "--json"],
            new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0", ["DOTNET_EnableAVX512F"] = "0", ["DOTNET_EnableAVX512"] = "0" });
        Assert.True(result.ExitCode == 0, result.StdErr);
        var here = JsonNode.Parse(run.Train.Out)!;
        var there = JsonNode.Parse(result.StdOut)!;
        Assert.Equal((string?)here["weights_digest"], (string?)there["weights_digest"]);
        Assert.Equal((string?)here["exported"]!["root"], (string?)there["exported"]!["root"]);
    }

    [Fact]
    public void Train_WithoutATerminal_PrintsOnePlainLinePerEpoch_AndTheGateTable()
    {
        Assert.Equal(3, run.Train.Err.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)));
        Assert.Contains("epoch 3/3: loss ", run.Train.Err, StringComparison.Ordinal);
        Assert.Contains("Verdict: PASSED", run.Train.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Train.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WeakenedRun_ExitsGatesFailed_ShowsTheTable_ExportsNothing()
    {
        using var temp = new TempDirectory("cli-weak");
        string config = SmallTrainingConfig.Write(temp.Combine("weak.yaml"), run.DataPath, epochs: 1, realGates: true, hiddenLayers: "[8]");
        var result = CliRunner.Run("train", "--config", config, "--output-dir", temp.Combine("run"), "--version", "v1", "--quiet");
        Assert.Equal((int)ExitCode.GatesFailed, result.Code);
        Assert.Contains("Verdict: FAILED", result.Err, StringComparison.Ordinal);
        Assert.Contains("FAIL", result.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was exported", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/1", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("run", "exported_models")));
        Assert.True(File.Exists(temp.Combine("run", "evaluation_report.html")));
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public void Train_DryRun_StillWritesNothing()
    {
        using var temp = new TempDirectory("cli-dry");
        var result = CliRunner.Run("train", "--config", run.ConfigPath, "--dry-run", "--output-dir", temp.Combine("run"), "--json");
        Assert.True(result.Code == (int)ExitCode.Ok, result.Err);
        Assert.NotNull(JsonNode.Parse(result.Out));
        Assert.False(Directory.Exists(temp.Combine("run")));
    }

    [Fact]
    public void Train_MissingConfig_IsBadInput()
    {
        var result = CliRunner.Run("train", "--config", Path.Combine(run.Temp.Path, "missing.yaml"), "--output-dir", run.Temp.Combine("never"));
        Assert.Equal((int)ExitCode.BadInput, result.Code);
        Assert.Contains("missing.yaml", result.Err, StringComparison.Ordinal);
    }
}
