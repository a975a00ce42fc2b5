using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.Evaluation;
using TrustScore.Export;
using TrustScore.IO;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Tests.Pipeline;
using TrustScore.Training;
using TrustScore.Verification;
using Xunit.Abstractions;

namespace TrustScore.Tests.Export;

/// <summary>
/// The exported version directory (runbook §1.4; docs/formats.md §2–3): layout, an independently
/// recomputed digest, every manifest field, byte-identical re-export, write-once versions,
/// previous-version records, and the default verification checks.
/// </summary>
[Collection(SmallRunCollection.Name)]
public sealed class ExporterTests(SmallRunFixture run, ITestOutputHelper output)
{
    [Fact]
    public void VersionDirectory_HoldsExactlyTheFormatsLayout()
    {
        Assert.Equal(["export_metadata.json", "manifest.json", "model", "model.sig"],
            Directory.EnumerateFileSystemEntries(run.VersionDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["conformance.json", "feature_schema.json", "model.onnx"],
            Directory.EnumerateFileSystemEntries(Path.Combine(run.VersionDir, "model")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(run.Result.OutputDirectory, "exported_models"), ".*"));
    }

    [Fact]
    public void ManifestRoot_EqualsAnIndependentlyComputedOpenSsfRoot()
    {
        // docs/formats.md §1 for a flat directory: files in name order (component order = ordinal here),
        // root = SHA-256 over the concatenated raw SHA-256 digests of the files.
        string modelDir = Path.Combine(run.VersionDir, "model");
        using var concatenated = new MemoryStream();
        foreach (string file in Directory.GetFiles(modelDir).Order(StringComparer.Ordinal))
        {
            concatenated.Write(SHA256.HashData(File.ReadAllBytes(file)));
        }

        string expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(concatenated.ToArray()));
        var manifest = Manifest.Read(Path.Combine(run.VersionDir, "manifest.json"));
        Assert.Equal(expected, manifest.Digest.Root);
        Assert.Equal(expected, run.Result.Export!.Root);
        Assert.Empty(manifest.Validate());
    }

    [Fact]
    public void Manifest_RecordsProvenanceMetricsAndEveryGate()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(run.VersionDir, "manifest.json"));
        var json = JsonNode.Parse(bytes)!.AsObject();
        Assert.Equal(bytes, CanonicalJson.ToUtf8Bytes(json));
        var manifest = Manifest.Parse(bytes);
        Assert.Equal(("trust_score", "v1", "trust_score"), (manifest.Model.Name, manifest.Model.Version, manifest.Model.Type));

        var dataset = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Result.OutputDirectory, "dataset_manifest.json")))!;
        Assert.Equal((string?)dataset["dataset_digest"], manifest.Dataset.Sha256);
        Assert.Equal((string?)dataset["dataset_version"], manifest.Dataset.Version);
        Assert.Equal((string?)dataset["anonymization"]!["salt_commitment"], manifest.Dataset.SaltCommitment);
        string splits = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.ToUtf8Bytes(dataset["splits"])));
        Assert.Equal(splits, manifest.Dataset.SplitCommitment);

        Assert.Equal("trustscore-numerics/1", manifest.Numerics.Contract);
        Assert.Equal(("2.0.0", FeatureSchema.Digest), (manifest.FeatureSchema.Version, manifest.FeatureSchema.Sha256));
        Assert.Equal(
            ["r2", "mae", "rmse", "accuracy_5", "accuracy_10", "accuracy_20", "p95_error", "abs_mean_error", "num_samples"],
            manifest.Gates.Results.Select(g => g.Name));
        Assert.True(manifest.Gates.Passed);
        Assert.All(manifest.Gates.Results, g => Assert.True(g.Passed));

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Result.OutputDirectory, "evaluation_metrics.json")))!;
        Assert.Equal((double)metrics["r2"]!, manifest.Metrics["r2"]);
        Assert.Equal((double)metrics["mae"]!, manifest.Metrics["mae"]);
        Assert.Equal((double)metrics["rmse"]!, manifest.Metrics["rmse"]);

        Assert.Equal(run.Result.WeightsDigest, manifest.Training["weights_digest"].GetString());
        Assert.Equal(3, manifest.Training["epochs_run"].GetInt32());
        Assert.False(string.IsNullOrEmpty(manifest.Toolchain["cpu_isa"].GetString()));
        Assert.StartsWith(".NET", manifest.Toolchain["runtime"].GetString(), StringComparison.Ordinal);
        Assert.Null(manifest.Previous);
        Assert.True(json.ContainsKey("previous"));
        Assert.Null(json["previous"]);
    }

    [Fact]
    public void ModelFiles_AreTheSchemaTheOnnxAndConformanceWithTestRows()
    {
        string modelDir = Path.Combine(run.VersionDir, "model");
        Assert.Equal(FeatureSchema.Json.ToArray(), File.ReadAllBytes(Path.Combine(modelDir, "feature_schema.json")));
        var model = ExportedModel.Load(run.VersionDir);
        var names = model.Conformance.Vectors.Select(v => v.Name).ToList();
        Assert.Contains("all-zero", names);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"test-row-{i}"), names.Where(n => n.StartsWith("test-row-", StringComparison.Ordinal)));
        Assert.InRange(names.Count, 30, 100);
        Assert.Equal(model.Digest.Files.Single(f => f.Name == "model.onnx").Sha256, model.Scorer.ModelSha256);
        string text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(modelDir, "model.onnx")));
        Assert.DoesNotContain("2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportMetadata_HoldsTimestampSizesAndSignature()
    {
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(run.VersionDir, "export_metadata.json")))!;
        Assert.Equal("2026-01-02T03:04:05Z", (string?)meta["exported_at"]);
        Assert.Equal(run.Result.Export!.Root, (string?)meta["root"]);
        long onnxSize = new FileInfo(Path.Combine(run.VersionDir, "model", "model.onnx")).Length;
        Assert.Contains(meta["files"]!.AsArray(), f => (string?)f!["name"] == "model/model.onnx" && (long)f["size"]! == onnxSize);
        Assert.Equal("features", (string?)meta["signature"]!["inputs"]![0]!["name"]);
        Assert.Equal("trust_score", (string?)meta["signature"]!["outputs"]![0]!["name"]);
    }

    [Fact]
    public void ReExport_OfTheSameCheckpoint_IsByteIdentical_AndRecordsPrevious()
    {
        var again = TrainingPipeline.ExportCheckpoint(
            new CheckpointExportOptions { RunDirectory = run.Result.OutputDirectory, Version = "v1-again", PreviousVersionDir = run.VersionDir },
            null, SmallRunFixture.Clock());
        Assert.NotNull(again.Export);
        string first = Path.Combine(run.VersionDir, "model");
        string second = Path.Combine(again.Export.VersionDir, "model");
        foreach (string name in new[] { "model.onnx", "conformance.json", "feature_schema.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
        }

        Assert.Equal(run.Result.Export!.Root, again.Export.Root);
        Assert.False(File.Exists(Path.Combine(again.Export.VersionDir, "model.sig")));
        var manifest = Manifest.Read(Path.Combine(again.Export.VersionDir, "manifest.json"));
        Assert.Equal(new ManifestPrevious("v1", run.Result.Export.Root), manifest.Previous);
        Assert.Equal(run.Result.Evaluation.Metrics.Mae, again.Evaluation.Metrics.Mae);
    }

    [Fact]
    public void Export_ExistingVersion_IsAnImmutabilityConflict_AndChangesNothing()
    {
        byte[] before = File.ReadAllBytes(Path.Combine(run.VersionDir, "manifest.json"));
        Assert.Throws<ImmutabilityConflictException>(() => TrainingPipeline.ExportCheckpoint(
            new CheckpointExportOptions { RunDirectory = run.Result.OutputDirectory, Version = "v1" }, null, SmallRunFixture.Clock()));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run.VersionDir, "manifest.json")));
    }

    [Fact]
    public void Export_PreviousWhoseModelWasChanged_IsRefused()
    {
        using var temp = new TempDirectory("prev");
        string copy = CopyDirectory(run.VersionDir, temp.Combine("v0"));
        File.AppendAllText(Path.Combine(copy, "model", "feature_schema.json"), " ");
        var ex = Assert.Throws<VerificationFailedException>(() => TrainingPipeline.ExportCheckpoint(
            new CheckpointExportOptions { RunDirectory = run.Result.OutputDirectory, Version = "v-prev-bad", PreviousVersionDir = copy }, null, SmallRunFixture.Clock()));
        Assert.Contains("--previous", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(run.Result.OutputDirectory, "exported_models", "v-prev-bad")));
    }

    [Fact]
    public void Export_WithAChangedConfig_IsBadInput()
    {
        using var temp = new TempDirectory("cfg");
        string other = SmallTrainingConfig.Write(temp.Combine("other.yaml"), run.DataPath, epochs: 4);
        var ex = Assert.Throws<BadInputException>(() => TrainingPipeline.ExportCheckpoint(
            new CheckpointExportOptions { RunDirectory = run.Result.OutputDirectory, Version = "v-other", ConfigPath = other }, null, SmallRunFixture.Clock()));
        Assert.Contains("digest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_WithAFailedGate_ThrowsGatesFailed_AndWritesNothing()
    {
        using var temp = new TempDirectory("export-gates");
        var model = ExportedModel.Load(run.VersionDir);
        var config = run.Result.Config;
        var dataset = DatasetLoader.Load(config);
        var strict = ModelEvaluation.Thresholds(config.Evaluation) with { MinTestSamples = dataset.Test.Count + 1 };
        var evaluation = ModelEvaluation.Evaluate(model.Scorer, dataset.Test, strict);
        Assert.Equal(["num_samples"], evaluation.Gates.Failed.Select(g => g.Name));
        var ex = Assert.Throws<GatesFailedException>(() => Exporter.Export(new ExportRequest
        {
            ExportRoot = temp.Combine("exported_models"),
            Version = "v-fail",
            Weights = model.Scorer.Weights,
            Config = config,
            Dataset = dataset.Manifest,
            ConformanceRows = [],
            Evaluation = evaluation,
            TrainingParameters = [],
        }));
        Assert.Contains("num_samples", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("exported_models")));
    }

    [Fact]
    public void Verify_WithTheDefaultChecks_PassesOnTheExport()
    {
        var report = VersionVerifier.Verify(run.VersionDir, new VerifyOptions { PublicKeyPath = run.Key.PublicKeyPath, ExtraChecks = DefaultVersionChecks.Create() });
        foreach (var check in report.Checks)
        {
            output.WriteLine($"{check.Name}: {check.Passed} {check.Detail}");
        }

        Assert.True(report.Passed, string.Join("; ", report.Failures.Select(f => $"{f.Name}: {f.Detail}")));
        Assert.True(report.Check("conformance")!.Passed);
        Assert.True(report.Check("onnxruntime-parity")!.Passed);
    }

    [Fact]
    public void Verify_PerturbedConformanceBit_FailsTheConformanceCheck()
    {
        using var temp = new TempDirectory("tamper");
        string copy = CopyDirectory(run.VersionDir, temp.Combine("v1"));
        string path = Path.Combine(copy, "model", "conformance.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var first = json["vectors"]![0]!;
        uint bits = Convert.ToUInt32((string)first["output_bits"]!, 16) ^ 1u;
        first["output_bits"] = bits.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllBytes(path, CanonicalJson.ToUtf8Bytes(json));

        var report = VersionVerifier.Verify(copy, new VerifyOptions { PublicKeyPath = run.Key.PublicKeyPath, ExtraChecks = DefaultVersionChecks.Create() });
        Assert.False(report.Passed);
        Assert.False(report.Check("conformance")!.Passed);
        Assert.Contains("conformance", report.Check("conformance")!.Detail, StringComparison.Ordinal);
        Assert.False(report.Check("files")!.Passed);
    }

    private static string CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }
}
