using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// The dry run makes every check the real run makes before it starts work (trainer options,
/// version name, key, previous version). Before, <c>hidden_layers: [1000000000, 1000000000]</c>
/// passed <c>train --dry-run</c> and only the real run refused it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class DryRunTests : IDisposable
{
    private readonly TempDirectory tmp = new("hostile-dryrun");

    public DryRunTests()
    {
        Assert.Equal(0, CliRunner.Run("dataset", "synth", "--out", tmp.Combine("data"), "--samples", "300", "--seed", "7").Code);
    }

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void DryRun_RefusesWhatTheRealRunRefuses_HugeHiddenLayers()
    {
        string config = SmallTrainingConfig.Write(tmp.Combine("c.yaml"), tmp.Combine("data"), hiddenLayers: "[1000000000, 1000000000]");

        var dry = CliRunner.Run("train", "--config", config, "--dry-run", "--output-dir", tmp.Combine("out"));
        var real = CliRunner.Run("train", "--config", config, "--output-dir", tmp.Combine("out"));

        Assert.Equal(3, dry.Code);
        Assert.Contains("model.hidden_layers must list 1 to 64 widths", dry.Err, StringComparison.Ordinal);
        Assert.Equal(real.Code, dry.Code);
        Assert.False(Directory.Exists(tmp.Combine("out")));
    }

    [Fact]
    public void DryRun_RefusesAnUnreadableSigningKey_AndAMissingPreviousVersion_LikeTheRealRun()
    {
        string config = SmallTrainingConfig.Write(tmp.Combine("c.yaml"), tmp.Combine("data"));
        File.WriteAllText(tmp.Combine("bad.key"), "not a key");

        var key = CliRunner.Run("train", "--config", config, "--dry-run", "--signing-key", tmp.Combine("bad.key"));
        var previous = CliRunner.Run("train", "--config", config, "--dry-run", "--previous", tmp.Combine("nowhere"));
        var fine = CliRunner.Run("train", "--config", config, "--dry-run", "--output-dir", tmp.Combine("out"));

        Assert.Equal(3, key.Code);
        Assert.Equal(3, previous.Code);
        Assert.Contains("--previous", previous.Err, StringComparison.Ordinal);
        Assert.True(fine.Code == 0, fine.Err);
    }
}
