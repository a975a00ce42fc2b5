using System.Text.Json;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Dataset;

public class DatasetCommandTests
{
    [Fact]
    public void Synth_Twice_GivesIdenticalBytes_AndJsonOnlyOnStdout()
    {
        using var dir = new TempDirectory();
        var first = CliRunner.Run("dataset", "synth", "--out", dir.Combine("a"), "--samples", "120", "--seed", "42", "--json");
        var second = CliRunner.Run("dataset", "synth", "--out", dir.Combine("b"), "--samples", "120", "--seed", "42", "--json");
        Assert.Equal((int)ExitCode.Ok, first.Code);
        Assert.Equal((int)ExitCode.Ok, second.Code);
        using var doc = JsonDocument.Parse(first.Out);
        Assert.Equal(120, doc.RootElement.GetProperty("samples").GetInt32());
        Assert.Equal(
            File.ReadAllBytes(dir.Combine("a", "veid_synthetic.jsonl")),
            File.ReadAllBytes(dir.Combine("b", "veid_synthetic.jsonl")));
    }

    [Fact]
    public void Synth_UnknownFormat_IsAUsageError_AndWritesNothing()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("dataset", "synth", "--out", dir.Combine("x"), "--samples", "10", "--format", "csv");
        Assert.Equal((int)ExitCode.Usage, result.Code);
        Assert.Contains("csv", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("x")));
    }

    [Fact]
    public void Synth_ZeroSamples_IsBadInput()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("dataset", "synth", "--out", dir.Combine("x"), "--samples", "0");
        Assert.Equal((int)ExitCode.BadInput, result.Code);
        Assert.Contains("--samples must be a positive number", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("x")));
    }

    [Fact]
    public void Inspect_Json_ReportsCountsSplitsAndBaselines()
    {
        using var dir = new TempDirectory();
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("dataset", "synth", "--out", dir.Path, "--samples", "600", "--seed", "3", "--format", "parquet").Code);
        var (code, stdout, _) = CliRunner.Run("dataset", "inspect", dir.Path, "--baselines", "--synthetic-seed", "3", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(600, root.GetProperty("records_read").GetInt32());
        var splits = root.GetProperty("splits");
        int total = splits.GetProperty("train").GetProperty("count").GetInt32() + splits.GetProperty("validation").GetProperty("count").GetInt32() + splits.GetProperty("test").GetProperty("count").GetInt32();
        Assert.Equal(root.GetProperty("kept").GetInt32(), total);
        Assert.True(root.GetProperty("filters").GetProperty("dropped_by_doc_type").GetInt32() > 0);
        Assert.True(root.GetProperty("baselines").TryGetProperty("oracle", out _));
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("dataset_digest").GetString());
    }

    [Fact]
    public void Inspect_BadRecord_NamesFileLineAndField()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("d.jsonl"), "{\"sample_id\": \"a\"}\n");
        var (code, stdout, stderr) = CliRunner.Run("dataset", "inspect", dir.Path);
        Assert.Equal(3, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("d.jsonl:1: required field 'document_type' is missing.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MissingPath_IsBadInput()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = CliRunner.Run("dataset", "inspect", dir.Combine("none"));
        Assert.Equal(3, code);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }
}
