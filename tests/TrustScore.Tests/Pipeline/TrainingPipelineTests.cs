using Microsoft.Extensions.Time.Testing;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrustScore.Config;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Training;

namespace TrustScore.Tests.Pipeline;

/// <summary>
/// <c>trustscore train</c> as one operation (runbook §1.2–1.4, §2): the config → trainer mapping,
/// the run directory it writes, the recorded config digest, and the gates-failed path.
/// </summary>
[Collection(SmallRunCollection.Name)]
public sealed class TrainingPipelineTests(SmallRunFixture run)
{
    private static string RepoConfig => Path.Combine(RepoRoot(), "configs", "trust_score_v1.yaml");

    [Fact]
    public void ToTrainerOptions_DefaultConfig_IsTheUpstreamModel()
    {
        // Expected values: docs/configuration.md (the reference trust_score_v1.yaml), not the code.
        var config = ConfigLoader.Load(RepoConfig, new Dictionary<string, string?>());
        var o = TrainingPipeline.ToTrainerOptions(config);
        Assert.Equal([512, 256, 128, 64], o.HiddenLayers);
        Assert.Equal(0.3, o.DropoutRate);
        Assert.Equal(0.01, o.L2Regularization);
        Assert.True(o.UseBatchNorm);
        Assert.Equal("relu", o.Activation);
        Assert.Equal(100.0, o.OutputScale);
        Assert.Equal(1e-3, o.LearningRate);
        Assert.Equal(0.9, o.Beta1);
        Assert.Equal(0.999, o.Beta2);
        Assert.Equal(1e-7, o.Epsilon);
        Assert.Equal(64, o.BatchSize);
        Assert.Equal(100, o.Epochs);
        Assert.Equal((0.1, 10, 1e-6, 1e-4), (o.ReduceLr.Factor, o.ReduceLr.Patience, o.ReduceLr.MinLearningRate, o.ReduceLr.MinDelta));
        Assert.Equal((15, 0.001, true), (o.EarlyStopping.Patience, o.EarlyStopping.MinDelta, o.EarlyStopping.RestoreBestWeights));
        Assert.True(o.Checkpoints.SaveBestOnly);
        Assert.Equal(FeatureScaling.Standard, o.FeatureScaling);
        Assert.Equal(42UL, o.Seed);
        Assert.Equal(1, o.Threads);
        Assert.Equal(3, TrainingPipeline.ToTrainerOptions(config, threads: 3).Threads);
    }

    [Fact]
    public void ToTrainerOptions_NormalizeFeaturesFalse_MeansNoScaling()
    {
        var config = ConfigLoader.Load(RepoConfig, new Dictionary<string, string?>());
        config = config with { Features = config.Features with { NormalizeFeatures = false } };
        Assert.Equal(FeatureScaling.None, TrainingPipeline.ToTrainerOptions(config).FeatureScaling);
    }

    [Fact]
    public void Run_WritesTheRunbookTree()
    {
        string dir = run.Result.OutputDirectory;
        foreach (string file in new[] { "training_config.json", "dataset_manifest.json", "training_history.json", "evaluation_report.txt", "evaluation_metrics.json", "evaluation_report.html", "checkpoints/final.ckpt", "checkpoints/last.ckpt" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} is missing");
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "logs", "tensorboard", "train")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "logs", "tensorboard", "validation")));
        Assert.Contains("v1", Directory.GetDirectories(Path.Combine(dir, "exported_models")).Select(Path.GetFileName));
        Assert.Equal(3, run.Result.Training!.History.Count);
    }

    [Fact]
    public void TrainingConfigJson_DigestIsSha256OfTheCanonicalResolvedConfig()
    {
        string path = Path.Combine(run.Result.OutputDirectory, "training_config.json");
        byte[] bytes = File.ReadAllBytes(path);
        var record = JsonNode.Parse(bytes)!.AsObject();
        Assert.Equal(bytes, CanonicalJson.ToUtf8Bytes(record));

        // The digest covers the canonical bytes of the "config" object, and is what the manifest records.
        string recomputed = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.ToUtf8Bytes(record["config"])));
        Assert.Equal(recomputed, (string?)record["config_digest"]);
        Assert.Equal(run.Result.Config.Digest, recomputed);
        Assert.Equal(recomputed, Manifest.Read(Path.Combine(run.VersionDir, "manifest.json")).Config.Sha256);
        Assert.Equal("1.0.0-test", (string?)record["config"]!["config_version"]);
        Assert.Equal(new JsonArray(32, 16).ToJsonString(), record["config"]!["model"]!["hidden_layers"]!.ToJsonString());
        Assert.Equal(Path.GetFullPath(run.ConfigPath), (string?)record["config_source"]);
    }

    [Fact]
    public void Run_EvaluatesWithTheConsensusScorer_OnTheTestSplit()
    {
        var evaluation = run.Result.Evaluation;
        var datasetManifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Result.OutputDirectory, "dataset_manifest.json")))!;
        Assert.Equal((int)datasetManifest["splits"]!["test"]!["count"]!, evaluation.Metrics.NumSamples);
        Assert.NotNull(evaluation.IntegerScoreMetrics);
        Assert.Equal(9, evaluation.Gates.Gates.Count);
        Assert.True(evaluation.Gates.Passed);
    }

    [Fact]
    public void Run_WeakenedRun_FailsItsGates_WritesReports_ExportsNothing()
    {
        using var temp = new TempDirectory("weak");
        string config = SmallTrainingConfig.Write(temp.Combine("weak.yaml"), run.DataPath, epochs: 1, realGates: true, hiddenLayers: "[8]");
        var result = TrainingPipeline.Run(
            new TrainingPipelineOptions { ConfigPath = config, OutputDirectory = temp.Combine("run"), Version = "v-weak" },
            null, null, SmallRunFixture.Clock(), CancellationToken.None);
        Assert.False(result.GatesPassed);
        Assert.Null(result.Export);
        Assert.Contains(result.Evaluation.Gates.Failed, g => g.Name == "r2");
        Assert.False(Directory.Exists(temp.Combine("run", "exported_models")));
        Assert.True(File.Exists(temp.Combine("run", "evaluation_report.txt")));
        Assert.Contains("FAIL", File.ReadAllText(temp.Combine("run", "evaluation_report.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ExistingRunWithoutResume_IsRefusedBeforeAnythingIsWritten()
    {
        string before = File.ReadAllText(Path.Combine(run.Result.OutputDirectory, "training_config.json"));
        var ex = Assert.Throws<BadInputException>(() => TrainingPipeline.Run(
            new TrainingPipelineOptions { ConfigPath = run.ConfigPath, OutputDirectory = run.Result.OutputDirectory, Version = "v2" },
            null, null, SmallRunFixture.Clock(), CancellationToken.None));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run.Result.OutputDirectory, "training_config.json")));
    }

    [Fact]
    public void Run_ResumeWithAnotherConfig_IsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory("resume");
        string other = SmallTrainingConfig.Write(temp.Combine("other.yaml"), run.DataPath, epochs: 4);
        string before = File.ReadAllText(Path.Combine(run.Result.OutputDirectory, "training_config.json"));
        var ex = Assert.Throws<BadInputException>(() => TrainingPipeline.Run(
            new TrainingPipelineOptions { ConfigPath = other, OutputDirectory = run.Result.OutputDirectory, Version = "v-resume", Resume = true },
            null, null, SmallRunFixture.Clock(), CancellationToken.None));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run.Result.OutputDirectory, "training_config.json")));
    }

    [Fact]
    public void Run_UnreadableSigningKey_FailsBeforeTraining()
    {
        using var temp = new TempDirectory("badkey");
        File.WriteAllText(temp.Combine("not-a-key.key"), "hello");
        Assert.Throws<BadInputException>(() => TrainingPipeline.Run(
            new TrainingPipelineOptions { ConfigPath = run.ConfigPath, OutputDirectory = temp.Combine("run"), Version = "v1", SigningKeyPath = temp.Combine("not-a-key.key") },
            null, null, SmallRunFixture.Clock(), CancellationToken.None));
        Assert.False(Directory.Exists(temp.Combine("run")));
    }

    [Fact]
    public void Run_BadVersionName_IsBadInput()
    {
        using var temp = new TempDirectory("badversion");
        var ex = Assert.Throws<BadInputException>(() => TrainingPipeline.Run(
            new TrainingPipelineOptions { ConfigPath = run.ConfigPath, OutputDirectory = temp.Combine("run"), Version = "../escape" },
            null, null, SmallRunFixture.Clock(), CancellationToken.None));
        Assert.Contains("The version name '../escape' is not allowed", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("run")));
    }

    [Fact]
    public void Defaults_ComeFromTheInjectedClock_InUtc()
    {
        var config = ConfigLoader.Load(RepoConfig, new Dictionary<string, string?>());
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 23, 59, 58, TimeSpan.FromHours(-5)));
        Assert.Equal(Path.Combine("output", "trust_score_20260305"), TrainingPipeline.DefaultOutputDirectory(clock));
        Assert.Equal("v20260305_045958", TrainingPipeline.DefaultVersion(config, clock));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrustScore.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
