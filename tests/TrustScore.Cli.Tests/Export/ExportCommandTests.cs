using System.Text.Json.Nodes;
using TrustScore.Cli.Tests.Train;
using TrustScore.Errors;

namespace TrustScore.Cli.Tests.Export;

/// <summary><c>trustscore export</c>: re-exports a run's checkpoint byte-identically; versions are write-once (runbook §1.4).</summary>
[Collection(CliRunCollection.Name)]
public sealed class ExportCommandTests(CliRunFixture run)
{
    [Fact]
    public void Export_DefaultCheckpoint_GivesAByteIdenticalModelDirectory()
    {
        var result = CliRunner.Run("export", "--run-dir", run.RunDir, "--version", "v1-reexport", "--signing-key", run.PrivateKey, "--json");
        Assert.True(result.Code == (int)ExitCode.Ok, result.Err);
        string again = (string)JsonNode.Parse(result.Out)!["exported"]!["version_dir"]!;
        foreach (string name in new[] { "model.onnx", "conformance.json", "feature_schema.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.VersionDir, "model", name)), File.ReadAllBytes(Path.Combine(again, "model", name)));
        }

        var verify = CliRunner.Run("verify", "--model", again, "--public-key", run.PublicKey);
        Assert.True(verify.Code == (int)ExitCode.Ok, verify.Out + verify.Err);
    }

    [Fact]
    public void Export_InAnotherProcess_WithoutHardwareIntrinsics_IsByteIdentical()
    {
        var result = TrustScore.TestSupport.CliProcess.Run(
            ["export", "--run-dir", run.RunDir, "--version", "v1-scalar", "--json"],
            new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" });
        Assert.True(result.ExitCode == 0, result.StdErr);
        string again = (string)JsonNode.Parse(result.StdOut)!["exported"]!["version_dir"]!;
        foreach (string name in new[] { "model.onnx", "conformance.json", "feature_schema.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.VersionDir, "model", name)), File.ReadAllBytes(Path.Combine(again, "model", name)));
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(again, "manifest.json")))!;
        Assert.Equal("scalar", (string?)manifest["toolchain"]!["cpu_isa"]);
    }

    [Fact]
    public void Export_LastCheckpoint_Exports()
    {
        var result = CliRunner.Run("export", "--run-dir", run.RunDir, "--checkpoint", Path.Combine(run.RunDir, "checkpoints", "last.ckpt"), "--version", "v1-last");
        Assert.True(result.Code == (int)ExitCode.Ok, result.Err);
        Assert.Contains("exported v1-last", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run.RunDir, "exported_models", "v1-last", "manifest.json")));
    }

    [Fact]
    public void Export_ExistingVersion_ExitsImmutabilityConflict()
    {
        var result = CliRunner.Run("export", "--run-dir", run.RunDir, "--version", "v1");
        Assert.Equal((int)ExitCode.ImmutabilityConflict, result.Code);
        Assert.Contains("write-once", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_NotARunDirectory_IsBadInput()
    {
        var result = CliRunner.Run("export", "--run-dir", run.Temp.Combine("keys"), "--version", "v9");
        Assert.Equal((int)ExitCode.BadInput, result.Code);
        Assert.Contains("training_config.json", result.Err, StringComparison.Ordinal);
    }
}
