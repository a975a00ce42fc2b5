using TrustScore.Config;
using TrustScore.Quickstart;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Quickstart;

/// <summary>
/// The config the quickstart trains with keeps the production architecture and the runbook's
/// release gates (§2.1 of the seed runbook: R² ≥ 0.85, MAE ≤ 8, RMSE ≤ 10, acc@5/10/20 ≥
/// 0.60/0.80/0.95, p95 ≤ 15, |bias| ≤ 2, n ≥ 1000); only epochs, the seed and, for small data,
/// the test-split minimum differ.
/// </summary>
public sealed class QuickstartConfigTests
{
    [Fact]
    public void DefaultSizes_KeepTheRunbookGates_AndTheProductionArchitecture()
    {
        var config = Load(QuickstartOptions.DefaultSamples, epochs: 6, seed: 42);
        var gates = config.Evaluation;
        Assert.Equal(0.85, gates.MinR2);
        Assert.Equal(8.0, gates.MaxMae);
        Assert.Equal(10.0, gates.MaxRmse);
        Assert.Equal(0.60, gates.MinAccuracy5);
        Assert.Equal(0.80, gates.MinAccuracy10);
        Assert.Equal(0.95, gates.MinAccuracy20);
        Assert.Equal(15.0, gates.MaxP95Error);
        Assert.Equal(2.0, gates.MaxMeanBias);
        Assert.Equal(1000, gates.MinTestSamples);
        Assert.Equal([512, 256, 128, 64], config.Model.HiddenLayers);
        Assert.Equal(6, config.Training.Epochs);
        Assert.Equal(42, config.Determinism.RandomSeed);
    }

    [Theory]
    [InlineData(500, 50)]
    [InlineData(4000, 250)]
    [InlineData(16000, 1000)]
    [InlineData(100000, 1000)]
    public void SmallData_LowersOnlyTheTestSplitMinimum(int samples, int expected)
    {
        var config = Load(samples, epochs: 3, seed: 7);
        Assert.Equal(expected, config.Evaluation.MinTestSamples);
        Assert.Equal(0.60, config.Evaluation.MinAccuracy5);
        Assert.Equal(7, config.Determinism.RandomSeed);
    }

    private static TrainingConfig Load(int samples, int epochs, int seed)
    {
        using var temp = new TempDirectory("quickstart-config");
        string path = temp.Combine("quickstart.yaml");
        File.WriteAllText(path, QuickstartConfig.Yaml(samples, epochs, seed));
        return ConfigLoader.Load(path, new Dictionary<string, string?> { ["VEID_DATASET_PATH"] = temp.Combine("data") });
    }
}
