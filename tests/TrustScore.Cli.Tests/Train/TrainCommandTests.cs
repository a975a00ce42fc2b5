using System.Text.Json;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Train;

public class TrainCommandTests
{
    private static string RepoConfig()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrustScore.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "configs", "trust_score_v1.yaml");
    }

    [Fact]
    public void DryRun_WithDatasetVariable_ExitsZero_ReportsCounts_AndWritesNothing()
    {
        using var dir = new TempDirectory();
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("dataset", "synth", "--out", dir.Combine("data"), "--samples", "500", "--seed", "42").Code);
        var result = CliProcess.Run(
            ["train", "--config", RepoConfig(), "--dry-run", "--json", "--output-dir", dir.Combine("out")],
            new Dictionary<string, string> { ["VEID_DATASET_PATH"] = dir.Combine("data") },
            workingDirectory: dir.Path);
        Assert.Equal((int)ExitCode.Ok, result.ExitCode);
        using var doc = JsonDocument.Parse(result.StdOut);
        var dataset = doc.RootElement.GetProperty("dataset");
        Assert.Equal(500, dataset.GetProperty("records").GetInt32());
        var splits = dataset.GetProperty("splits");
        Assert.True(splits.GetProperty("train").GetInt32() > splits.GetProperty("test").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("min_test_samples", StringComparison.Ordinal));
        Assert.False(Directory.Exists(dir.Combine("out")));
        Assert.Equal(["data"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void DryRun_VariablePointingNowhere_NamesTheVariable()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(
            ["train", "--config", RepoConfig(), "--dry-run"],
            new Dictionary<string, string> { ["VEID_DATASET_PATH"] = dir.Combine("nowhere") },
            workingDirectory: dir.Path);
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Contains("VEID_DATASET_PATH", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void DryRun_MalformedConfig_IsBadInput_WithPosition()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("c.yaml"), "dataset:\n  train_split: 0.8\n bad indent: [\n");
        var (code, stdout, stderr) = CliRunner.Run("train", "--config", dir.Combine("c.yaml"), "--dry-run");
        Assert.Equal(3, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("c.yaml:", stderr, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DryRun_UnknownKey_SuggestsTheRightOne()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("c.yaml"), "model:\n  batch_sise: 32\n");
        var (code, _, stderr) = CliRunner.Run("train", "--config", dir.Combine("c.yaml"), "--dry-run");
        Assert.Equal(3, code);
        Assert.Contains("model.batch_sise: unknown key (did you mean 'batch_size'?)", stderr, StringComparison.Ordinal);
    }
}
