using TrustScore.Errors;
using TrustScore.Evaluation;
using TrustScore.IO;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Evaluation;

public class EvaluatorTests
{
    [Fact]
    public void Evaluate_ThousandGoodSamples_AllGatesPass()
    {
        var result = Evaluator.Evaluate(EvaluationData.Build(1000, 600, 6f), GateThresholds.Default);
        Assert.True(result.Gates.Passed, ReportFormat.GateTable(result.Gates));
        Assert.True(result.Passed);
        Assert.Equal(0.6, result.Metrics.Accuracy5);
        Assert.Equal(2.4, result.Metrics.Mae, 1e-5);
    }

    [Fact]
    public void Evaluate_OneSampleFewerWithinFive_OnlyAccuracy5Fails()
    {
        // 599 of 1000 within ±5 is the smallest step below the 0.60 threshold.
        var result = Evaluator.Evaluate(EvaluationData.Build(1000, 599, 6f), GateThresholds.Default);
        Assert.Equal(0.599, result.Metrics.Accuracy5);
        var failed = Assert.Single(result.Gates.Failed);
        Assert.Equal("accuracy_5", failed.Name);
        Assert.Equal(0.599 - 0.6, failed.Margin, 1e-15);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Evaluate_FewerThanMinTestSamples_FailsTheGateWithoutThrowing()
    {
        var result = Evaluator.Evaluate(EvaluationData.Build(999, 999, 0f), GateThresholds.Default);
        var failed = Assert.Single(result.Gates.Failed);
        Assert.Equal(("num_samples", 999.0, 1000.0, -1.0), (failed.Name, failed.Value, failed.Threshold, failed.Margin));
    }

    [Fact]
    public void Evaluate_EmptyTestSet_FailsGatesWithoutThrowing()
    {
        var result = Evaluator.Evaluate(new EvaluationInput([], []), GateThresholds.Default);
        Assert.False(result.Passed);
        Assert.Contains(result.Gates.Failed, g => g.Name == "num_samples");
        Assert.Empty(result.ByDocumentType);
    }

    [Fact]
    public void Evaluate_BreaksDownByDocumentTypeAndGenuineness()
    {
        var result = Evaluator.Evaluate(EvaluationData.Upstream(), GateThresholds.Default);
        Assert.Equal(["id_card", "passport"], result.ByDocumentType.Select(g => g.Group));
        Assert.All(result.ByDocumentType, g =>
        {
            Assert.Equal(5, g.Metrics.NumSamples);
            Assert.Equal(41.0 / 5, g.Metrics.Mae, 1e-12);
            Assert.Equal(0.4, g.Metrics.Accuracy5, 1e-12);
        });

        Assert.Equal(["genuine", "fraud"], result.ByGenuineness.Select(g => g.Group));
        var genuine = result.ByGenuineness[0].Metrics; // errors +3, -8, +15 (twice)
        Assert.Equal(6, genuine.NumSamples);
        Assert.Equal(26.0 / 3, genuine.Mae, 1e-12);
        Assert.Equal(10.0 / 3, genuine.MeanError, 1e-12);
        var fraud = result.ByGenuineness[1].Metrics; // errors -5, +10 (twice)
        Assert.Equal(4, fraud.NumSamples);
        Assert.Equal(7.5, fraud.Mae, 1e-12);
        Assert.Equal(2.5, fraud.MeanError, 1e-12);
    }

    [Fact]
    public void Evaluate_IntegerScores_GetTheirOwnMetrics()
    {
        var input = EvaluationData.Upstream() with
        {
            Predictions = [53.4f, 32.4f, 75.4f, 15.4f, 90.4f, 53.4f, 32.4f, 75.4f, 15.4f, 90.4f],
        };
        var result = Evaluator.Evaluate(input, GateThresholds.Default);
        Assert.NotNull(result.IntegerScoreMetrics);
        Assert.Equal(41.0 / 5, result.IntegerScoreMetrics.Mae, 1e-12);
        Assert.Equal(3.0, result.IntegerScoreMetrics.MeanError, 1e-12);
        Assert.Equal(3.4, result.Metrics.MeanError, 1e-5);
    }

    [Fact]
    public void Evaluate_NoGroupsOrIntegers_LeavesThemOut()
    {
        var result = Evaluator.Evaluate(new EvaluationInput([1f, 2f], [1f, 2f]), GateThresholds.Default);
        Assert.Empty(result.ByDocumentType);
        Assert.Empty(result.ByGenuineness);
        Assert.Null(result.IntegerScoreMetrics);
        Assert.False(result.ToJson().ContainsKey("integer_score_metrics"));
    }

    [Fact]
    public void Evaluate_NonFinitePrediction_BadInputNamingTheSample()
    {
        var input = new EvaluationInput([1f, float.NaN], [1f, 2f]);
        var ex = Assert.Throws<BadInputException>(() => Evaluator.Evaluate(input, GateThresholds.Default));
        Assert.Contains("sample 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LengthMismatch_BadInputNamingTheField()
    {
        var input = new EvaluationInput([1f, 2f], [1f, 2f], DocumentTypes: ["passport"]);
        var ex = Assert.Throws<BadInputException>(() => Evaluator.Evaluate(input, GateThresholds.Default));
        Assert.Contains("document_type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BaselineWorseBeyondTolerance_RegressionFailsTheVerdict()
    {
        var baseline = new Baseline("live", Evaluator.Evaluate(EvaluationData.Build(1000, 900, 6f), GateThresholds.Default).Metrics, BaselineTolerances.Default);
        var result = Evaluator.Evaluate(EvaluationData.Build(1000, 600, 6f), GateThresholds.Default, baseline);
        Assert.True(result.Gates.Passed);
        Assert.NotNull(result.Baseline);
        Assert.False(result.Baseline.Passed);
        Assert.False(result.Passed);
        // MAE 0.6 → 2.4 (tolerance 0.5); accuracy_5 0.9 → 0.6 (tolerance 0.01).
        Assert.Contains(result.Baseline.Regressions, d => d.Name == "mae" && Math.Abs(d.Delta - 1.8) < 1e-5);
        Assert.Contains(result.Baseline.Regressions, d => d.Name == "accuracy_5" && Math.Abs(d.Delta + 0.3) < 1e-12);
        Assert.DoesNotContain(result.Baseline.Regressions, d => d.Name == "accuracy_10");
    }

    [Fact]
    public void FailureSentence_NamesFailedGatesAndRegressions_NullWhenPassed()
    {
        Assert.Null(Evaluator.Evaluate(EvaluationData.Build(1000, 600, 6f), GateThresholds.Default).FailureSentence);

        var failing = Evaluator.Evaluate(EvaluationData.Build(999, 999, 0f), GateThresholds.Default);
        Assert.Equal("1 of 9 release gates failed: num_samples 999 is not >= 1000 (min_test_samples).", failing.FailureSentence);

        var baseline = new Baseline("live", Evaluator.Evaluate(EvaluationData.Build(1000, 900, 6f), GateThresholds.Default).Metrics, BaselineTolerances.Default);
        var regressed = Evaluator.Evaluate(EvaluationData.Build(1000, 600, 6f), GateThresholds.Default, baseline);
        Assert.StartsWith("regressed against baseline live: r2 ", regressed.FailureSentence, StringComparison.Ordinal);
        Assert.Contains("; mae 0.6000 -> 2.4000 (tolerance 0.5000); rmse ", regressed.FailureSentence, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricDelta_WorseByExactlyTheTolerance_IsNotARegression()
    {
        Assert.False(new MetricDelta("mae", 2.0, 2.5, 0.5, HigherIsBetter: false).Regressed);
        Assert.True(new MetricDelta("mae", 2.0, Math.BitIncrement(2.5), 0.5, HigherIsBetter: false).Regressed);
        // Binary-exact values, so "exactly the tolerance" is exact in double.
        Assert.False(new MetricDelta("r2", 0.875, 0.859375, 0.015625, HigherIsBetter: true).Regressed);
        Assert.True(new MetricDelta("r2", 0.875, Math.BitDecrement(0.859375), 0.015625, HigherIsBetter: true).Regressed);
        Assert.False(new MetricDelta("r2", 0.9, 0.99, 0, HigherIsBetter: true).Regressed);
    }

    [Fact]
    public void BaselineLoad_ReadsWrittenMetricsFromADirectoryOrAManifest()
    {
        using var dir = new TempDirectory();
        var previous = Evaluator.Evaluate(EvaluationData.Build(1000, 900, 6f), GateThresholds.Default);
        EvaluationReportWriter.Write(dir.Path, previous, null);
        var fromDir = Baseline.Load(dir.Path);
        Assert.Equal(previous.Metrics.Mae, fromDir.Metrics.Mae);
        Assert.Equal(previous.Metrics.Accuracy5, fromDir.Metrics.Accuracy5);
        Assert.Equal(1000, fromDir.Metrics.NumSamples);

        string manifest = dir.Combine("manifest.json");
        AtomicFile.WriteAllText(manifest, "{\"metrics\": " + CanonicalJson.ToText(previous.Metrics.ToJson()) + "}");
        Assert.Equal(previous.Metrics.R2, Baseline.Load(manifest).Metrics.R2);
    }

    [Fact]
    public void BaselineLoad_MissingFileOrMetric_BadInputNamingIt()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<BadInputException>(() => Baseline.Load(dir.Path));
        Assert.Contains("evaluation_metrics.json", ex.Message, StringComparison.Ordinal);

        string file = dir.Combine("m.json");
        File.WriteAllText(file, "{\"mae\": 1.0}");
        ex = Assert.Throws<BadInputException>(() => Baseline.Load(file));
        Assert.Contains("'mse'", ex.Message, StringComparison.Ordinal);
    }
}
