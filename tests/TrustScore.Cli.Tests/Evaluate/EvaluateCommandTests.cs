using System.Text.Json.Nodes;
using TrustScore.Cli.Tests.Train;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Evaluate;

/// <summary><c>trustscore evaluate</c>: exit codes, <c>--json</c> shape and the digest check before scoring (runbook §2).</summary>
[Collection(CliRunCollection.Name)]
public sealed class EvaluateCommandTests(CliRunFixture run)
{
    [Fact]
    public void Evaluate_TestSplitOfTheRunsConfig_PassesWithTheRunsFigures()
    {
        var result = CliRunner.Run("evaluate", "--model", run.VersionDir, "--dataset", run.DataPath, "--config", run.ConfigPath, "--json");
        Assert.True(result.Code == (int)ExitCode.Ok, result.Err);
        var json = JsonNode.Parse(result.Out)!;
        Assert.True((bool)json["passed"]!);
        Assert.Equal("test split", (string?)json["dataset"]!["selection"]);
        var train = JsonNode.Parse(run.Train.Out)!;
        Assert.Equal((double)train["metrics"]!["mae"]!, (double)json["evaluation"]!["mae"]!);
        Assert.Equal((string?)train["exported"]!["root"], (string?)json["model"]!["root"]);
    }

    [Fact]
    public void Evaluate_RealThresholds_OnAWeakSmallModel_ExitsGatesFailed()
    {
        using var temp = new TempDirectory("cli-eval");
        string strict = SmallTrainingConfig.Write(temp.Combine("strict.yaml"), run.DataPath, realGates: true);
        var result = CliRunner.Run("evaluate", "--model", run.VersionDir, "--dataset", run.DataPath, "--config", strict, "--output", temp.Combine("reports"));
        Assert.Equal((int)ExitCode.GatesFailed, result.Code);
        Assert.Contains("Verdict: FAILED", result.Out, StringComparison.Ordinal);
        Assert.Contains("release gates", result.Err, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("reports", "evaluation_metrics.json")));
    }

    [Fact]
    public void Evaluate_TamperedModel_ExitsVerificationFailed()
    {
        using var temp = new TempDirectory("cli-eval-tamper");
        string copy = temp.Combine("v1");
        foreach (string file in Directory.GetFiles(run.VersionDir, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(run.VersionDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.AppendAllText(Path.Combine(copy, "model", "conformance.json"), "\n");
        var result = CliRunner.Run("evaluate", "--model", copy, "--dataset", run.DataPath);
        Assert.Equal((int)ExitCode.VerificationFailed, result.Code);
        Assert.Contains("conformance.json", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingDataset_IsBadInput()
    {
        var result = CliRunner.Run("evaluate", "--model", run.VersionDir, "--dataset", Path.Combine(run.Temp.Path, "nothing-here"));
        Assert.Equal((int)ExitCode.BadInput, result.Code);
        Assert.Contains("--dataset", result.Err, StringComparison.Ordinal);
    }
}
