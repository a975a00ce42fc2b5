using TrustScore.Config;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Config;

public class ConfigLoaderTests
{
    private static readonly Dictionary<string, string?> NoEnv = new();

    internal static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrustScore.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("repository root not found"), .. parts]);
    }

    private static TrainingConfig Parse(string yaml, Dictionary<string, string?>? env = null) =>
        ConfigLoader.Parse(yaml, "test.yaml", env ?? NoEnv);

    private static BadInputException Fails(string yaml, Dictionary<string, string?>? env = null) =>
        Assert.Throws<BadInputException>(() => Parse(yaml, env));

    [Fact]
    public void ShippedConfig_HasUpstreamValues()
    {
        var c = ConfigLoader.Load(RepoFile("configs", "trust_score_v1.yaml"), NoEnv);

        // Values from upstream's trust_score_v1.yaml (reference §A), not from our defaults.
        Assert.Equal(["data/veid_production"], c.Dataset.DataPaths);
        Assert.Equal(["id_card", "passport", "drivers_license", "residence_permit", "national_id"], c.Dataset.DocTypes);
        Assert.Equal((0.8, 0.1, 0.1), (c.Dataset.TrainSplit, c.Dataset.ValSplit, c.Dataset.TestSplit));
        Assert.Equal((0.8, 0.6, 0.5), (c.Dataset.MinFaceConfidence, c.Dataset.MinDocQuality, c.Dataset.MinOcrConfidence));
        Assert.Null(c.Dataset.MaxSamples);
        Assert.Equal(100, c.Dataset.MinSamplesPerClass);
        Assert.Equal(768, c.Model.InputDim);
        Assert.Equal([512, 256, 128, 64], c.Model.HiddenLayers);
        Assert.Equal(0.3, c.Model.DropoutRate);
        Assert.Equal(0.01, c.Model.L2Regularization);
        Assert.Equal(64, c.Training.BatchSize);
        Assert.Equal(100, c.Training.Epochs);
        Assert.Equal(1e-7, c.Training.AdamEpsilon);
        Assert.Equal((0.1, 10, 1e-6), (c.Training.ReduceLrOnPlateau.Factor, c.Training.ReduceLrOnPlateau.Patience, c.Training.ReduceLrOnPlateau.MinLr));
        Assert.Equal((15, 0.001), (c.Training.EarlyStopping.Patience, c.Training.EarlyStopping.MinDelta));
        Assert.Equal(("features", "trust_score", "sha256"), (c.Export.InputName, c.Export.OutputName, c.Export.HashAlgorithm));
        var e = c.Evaluation;
        Assert.Equal((0.85, 8.0, 10.0, 0.60, 0.80, 0.95, 15.0, 2.0, 1000), (e.MinR2, e.MaxMae, e.MaxRmse, e.MinAccuracy5, e.MinAccuracy10, e.MinAccuracy20, e.MaxP95Error, e.MaxMeanBias, e.MinTestSamples));
        Assert.Contains(c.NotApplicable, n => n.StartsWith("preprocessing", StringComparison.Ordinal));
        Assert.Contains(c.NotApplicable, n => n.StartsWith("augmentation", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyMapping_GivesTheSameConfigAsTheShippedFile()
    {
        var shipped = ConfigLoader.Load(RepoFile("configs", "trust_score_v1.yaml"), NoEnv);
        var defaults = Parse("{}");
        Assert.Equal(shipped.ToCanonicalJson(), defaults.ToCanonicalJson());
    }

    [Fact]
    public void Variable_IsExpanded_AndItsOriginIsRecorded()
    {
        var c = Parse("dataset:\n  data_paths: [\"${VEID_DATASET_PATH:-data/x}\"]\n", new() { ["VEID_DATASET_PATH"] = "/srv/veid" });
        Assert.Equal("/srv/veid", c.Dataset.DataPaths[0]);
        var use = Assert.Single(c.Dataset.DataPathSources[0].Variables);
        Assert.Equal(("VEID_DATASET_PATH", true, "data/x"), (use.Name, use.IsSet, use.Default));
    }

    [Fact]
    public void Variable_UnsetOrEmpty_UsesDefault()
    {
        Assert.Equal("data/x", Parse("dataset:\n  data_paths: [\"${V:-data/x}\"]\n").Dataset.DataPaths[0]);
        Assert.Equal("data/x", Parse("dataset:\n  data_paths: [\"${V:-data/x}\"]\n", new() { ["V"] = string.Empty }).Dataset.DataPaths[0]);
    }

    [Fact]
    public void Variable_InANumber_IsExpandedThenTyped()
    {
        var c = Parse("model:\n  batch_size: \"${BATCH:-32}\"\n", new() { ["BATCH"] = "128" });
        Assert.Equal(128, c.Training.BatchSize);
    }

    [Fact]
    public void MissingVariable_WithoutDefault_NamesVariableAndPosition()
    {
        var ex = Fails("dataset:\n  data_paths:\n    - \"${VEID_DATASET_PATH}\"\n");
        Assert.Contains("VEID_DATASET_PATH", ex.Message, StringComparison.Ordinal);
        Assert.Contains("test.yaml:3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dataset.data_paths[0]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCode.BadInput, ex.ExitCode);
    }

    [Fact]
    public void MalformedYaml_NamesLine()
    {
        var ex = Fails("dataset:\n  train_split: [0.8\n  val_split: 0.1\n");
        Assert.StartsWith("test.yaml:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFile_IsRejected()
    {
        var ex = Fails(string.Empty);
        Assert.Contains("one YAML document", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKey_IsRejected_WithSuggestion()
    {
        var ex = Fails("dataset:\n  train_splt: 0.8\n");
        Assert.Contains("test.yaml:2:3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dataset.train_splt: unknown key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'train_split'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSection_IsRejected()
    {
        var ex = Fails("trainer:\n  epochs: 3\n");
        Assert.Contains("trainer: unknown key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongType_SaysExpectedAndFound()
    {
        var ex = Fails("model:\n  batch_size: sixty-four\n");
        Assert.Equal("test.yaml:2:15: model.batch_size: expected an integer, found 'sixty-four'.", ex.Message);
    }

    [Fact]
    public void QuotedNumber_IsAWrongType()
    {
        var ex = Fails("evaluation:\n  min_r2: \"0.85\"\n");
        Assert.Contains("evaluation.min_r2: expected an unquoted value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionThatIsAList_IsAWrongType()
    {
        var ex = Fails("dataset: [1, 2]\n");
        Assert.Contains("dataset: expected a mapping of settings, found a list", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitsNotSummingToOne_AreRejected()
    {
        var ex = Fails("dataset:\n  train_split: 0.7\n  val_split: 0.1\n  test_split: 0.1\n");
        Assert.Contains("train_split + val_split + test_split = 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.7 + 0.1 + 0.1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CombinedFeatureDim_MustEqualInputDim()
    {
        var ex = Fails("features:\n  combined_feature_dim: 512\n");
        Assert.Contains("features.combined_feature_dim: expected a value equal to model.input_dim (768), found 512", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluation:\n  min_r2: 1.5\n", "evaluation.min_r2")]
    [InlineData("evaluation:\n  min_accuracy_5: -0.1\n", "evaluation.min_accuracy_5")]
    [InlineData("evaluation:\n  max_mae: 0\n", "evaluation.max_mae")]
    [InlineData("evaluation:\n  min_test_samples: 0\n", "evaluation.min_test_samples")]
    [InlineData("dataset:\n  min_face_confidence: 1.2\n", "dataset.min_face_confidence")]
    [InlineData("model:\n  dropout_rate: 1\n", "model.dropout_rate")]
    [InlineData("export:\n  quantize: true\n", "export.quantize")]
    [InlineData("features:\n  feature_scaling: zscore\n", "features.feature_scaling")]
    public void OutOfRangeValues_AreRejected(string yaml, string keyPath)
    {
        var ex = Fails(yaml);
        Assert.Contains(keyPath + ": expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_IgnoresKeyOrder_ButNotValues()
    {
        string a = "model:\n  batch_size: 64\n  epochs: 100\ndataset:\n  random_seed: 42\n";
        string b = "dataset:\n  random_seed: 42\nmodel:\n  epochs: 100\n  batch_size: 64\n";
        string c = "dataset:\n  random_seed: 43\nmodel:\n  epochs: 100\n  batch_size: 64\n";
        Assert.Equal(Parse(a).Digest, Parse(b).Digest);
        Assert.NotEqual(Parse(a).Digest, Parse(c).Digest);
        Assert.Matches("^[0-9a-f]{64}$", Parse(a).Digest);
    }

    [Fact]
    public void CanonicalJson_UsesUpstreamKeyNames_AndRecordsExpandedPaths()
    {
        var c = Parse("dataset:\n  data_paths: [\"${P:-data/x}\"]\n", new() { ["P"] = "/d" });
        string json = c.ToCanonicalJson();
        Assert.Contains("\"adam_beta_1\": 0.9", json, StringComparison.Ordinal);
        Assert.Contains("\"min_accuracy_5\": 0.6", json, StringComparison.Ordinal);
        Assert.Contains("\"/d\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("source_path", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_IsBadInput()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<BadInputException>(() => ConfigLoader.Load(dir.Combine("nope.yaml"), NoEnv));
        Assert.Contains("config file not found", ex.Message, StringComparison.Ordinal);
    }
}
