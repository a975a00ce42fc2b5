using TrustScore.Errors;
using TrustScore.Evaluation;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Pipeline;

/// <summary>
/// <c>trustscore evaluate</c> as an operation (runbook §2): an exported model is digest- and
/// conformance-checked, then scored with the consensus scorer, and gives exactly the figures the
/// training run computed on the same split.
/// </summary>
[Collection(SmallRunCollection.Name)]
public sealed class ModelEvaluationTests(SmallRunFixture run)
{
    [Fact]
    public void EvaluateVersion_WithTheRunsConfig_ReproducesTheRunsTestFigures()
    {
        var result = ModelEvaluation.EvaluateVersion(new ModelEvaluationOptions { ModelDir = run.VersionDir, DatasetPath = run.DataPath, ConfigPath = run.ConfigPath });
        Assert.Equal("test split", result.Selection);
        Assert.Equal(run.Result.Export!.Root, result.Root);
        Assert.Equal(run.Result.Evaluation.Metrics.ToJson().ToJsonString(), result.Evaluation.Metrics.ToJson().ToJsonString());
        Assert.Equal(run.Result.Evaluation.IntegerScoreMetrics!.ToJson().ToJsonString(), result.Evaluation.IntegerScoreMetrics!.ToJson().ToJsonString());
        Assert.True(result.Evaluation.Passed);
        Assert.Null(result.Reports);
    }

    [Fact]
    public void EvaluateVersion_WithoutConfig_ScoresEveryRecord_WithTheRunbookThresholds()
    {
        using var temp = new TempDirectory("eval");
        var result = ModelEvaluation.EvaluateVersion(new ModelEvaluationOptions { ModelDir = run.VersionDir, DatasetPath = run.DataPath, OutputDir = temp.Combine("reports") });
        Assert.Equal("all records", result.Selection);
        Assert.Equal(1500, result.Evaluation.Metrics.NumSamples);
        Assert.Equal(GateThresholds.Default, result.Evaluation.Thresholds);
        Assert.True(File.Exists(result.Reports!.TextReport));
        Assert.True(File.Exists(result.Reports.HtmlReport));
    }

    [Fact]
    public void EvaluateVersion_ChangedModelOnnx_IsAVerificationFailure()
    {
        using var temp = new TempDirectory("evaltamper");
        string copy = temp.Combine("v1");
        Directory.CreateDirectory(Path.Combine(copy, "model"));
        foreach (string file in Directory.GetFiles(run.VersionDir, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(copy, Path.GetRelativePath(run.VersionDir, file)));
        }

        string onnx = Path.Combine(copy, "model", "model.onnx");
        byte[] bytes = File.ReadAllBytes(onnx);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(onnx, bytes);
        var ex = Assert.Throws<VerificationFailedException>(() => ModelEvaluation.EvaluateVersion(new ModelEvaluationOptions { ModelDir = copy, DatasetPath = run.DataPath }));
        Assert.Contains("model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateVersion_AgainstTheRunAsBaseline_ShowsNoRegression()
    {
        var result = ModelEvaluation.EvaluateVersion(new ModelEvaluationOptions
        {
            ModelDir = run.VersionDir, DatasetPath = run.DataPath, ConfigPath = run.ConfigPath, BaselinePath = run.Result.OutputDirectory,
        });
        Assert.NotNull(result.Evaluation.Baseline);
        Assert.True(result.Evaluation.Baseline.Passed);
        Assert.All(result.Evaluation.Baseline.Deltas, d => Assert.True(Math.Abs(d.Delta) <= 1e-12, $"{d.Name}: {d.Delta}"));
    }

    [Fact]
    public void EvaluateVersion_MissingModel_IsBadInput()
    {
        var ex = Assert.Throws<BadInputException>(() => ModelEvaluation.EvaluateVersion(new ModelEvaluationOptions { ModelDir = Path.Combine(run.Temp.Path, "nope"), DatasetPath = run.DataPath }));
        Assert.Contains("--model", ex.Message, StringComparison.Ordinal);
    }
}
