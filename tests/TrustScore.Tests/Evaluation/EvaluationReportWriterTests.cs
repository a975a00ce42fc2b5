using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Evaluation;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Evaluation;

public class EvaluationReportWriterTests
{
    private static readonly string[] UpstreamKeys =
    [
        "mae", "mse", "rmse", "mape", "r2", "accuracy_5", "accuracy_10", "accuracy_15", "accuracy_20",
        "mean_prediction", "std_prediction", "mean_error", "std_error",
        "p50_error", "p90_error", "p95_error", "p99_error", "confusion_matrix", "num_samples",
    ];

    [Fact]
    public void Write_ProducesThreeReports_AndNoTemporaryFiles()
    {
        using var dir = new TempDirectory();
        var result = Evaluator.Evaluate(EvaluationData.Upstream(), GateThresholds.Default);
        var files = EvaluationReportWriter.Write(dir.Combine("out"), result, null);
        Assert.Equal(
            ["evaluation_metrics.json", "evaluation_report.html", "evaluation_report.txt"],
            Directory.GetFiles(dir.Combine("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(files.TextReport) && File.Exists(files.MetricsJson) && File.Exists(files.HtmlReport));
    }

    [Fact]
    public void MetricsJson_HasUpstreamKeysGatesAndBreakdowns()
    {
        using var dir = new TempDirectory();
        var result = Evaluator.Evaluate(EvaluationData.Upstream(), GateThresholds.Default);
        var files = EvaluationReportWriter.Write(dir.Path, result, null);
        var json = JsonNode.Parse(File.ReadAllText(files.MetricsJson))!.AsObject();

        foreach (string key in UpstreamKeys)
        {
            Assert.True(json.ContainsKey(key), $"missing upstream key {key}");
        }

        Assert.Equal(8.2, json["mae"]!.GetValue<double>(), 1e-12);
        Assert.Equal(10, json["num_samples"]!.GetValue<int>());
        Assert.Equal(2, json["confusion_matrix"]![2]![2]!.GetValue<int>());
        Assert.False(json["passed"]!.GetValue<bool>());
        Assert.False(json["gates_passed"]!.GetValue<bool>());
        var gates = json["gates"]!.AsArray();
        Assert.Equal(9, gates.Count);
        var samples = gates.Single(g => g!["name"]!.GetValue<string>() == "num_samples")!;
        Assert.Equal(("min_test_samples", 10.0, 1000.0, ">=", -990.0, false), (
            samples["config_key"]!.GetValue<string>(), samples["value"]!.GetValue<double>(), samples["threshold"]!.GetValue<double>(),
            samples["comparison"]!.GetValue<string>(), samples["margin"]!.GetValue<double>(), samples["passed"]!.GetValue<bool>()));
        Assert.Equal(5, json["by_document_type"]!["passport"]!["num_samples"]!.GetValue<int>());
        Assert.Equal(4, json["by_genuineness"]!["fraud"]!["num_samples"]!.GetValue<int>());
        Assert.Equal(8.2, json["integer_score_metrics"]!["mae"]!.GetValue<double>(), 1e-12);
        Assert.Equal(10, json["calibration"]!["bins"]!.AsArray().Count);
        Assert.False(json.ContainsKey("baseline"));
    }

    [Fact]
    public void TextReport_FollowsUpstreamLayoutThenGateTable()
    {
        var result = Evaluator.Evaluate(EvaluationData.Upstream(), GateThresholds.Default);
        string text = TextReport.Build(result);
        string[] sections =
        [
            "TRUST SCORE MODEL EVALUATION REPORT", "REGRESSION METRICS", "ACCURACY WITHIN THRESHOLDS",
            "ERROR DISTRIBUTION", "PREDICTION DISTRIBUTION", "CONFUSION MATRIX (Score Bins: 0-25, 25-50, 50-75, 75-100)",
            "Total Samples: 10", "RELEASE GATES: FAILED", "INTEGER SCORES", "BY DOCUMENT TYPE", "BY GENUINE / FRAUD",
            "CALIBRATION", "VERDICT: FAILED",
        ];
        int at = -1;
        foreach (string s in sections)
        {
            int next = text.IndexOf(s, StringComparison.Ordinal);
            Assert.True(next > at, $"section '{s}' missing or out of order");
            at = next;
        }

        Assert.Contains("  Mean Absolute Error (MAE):     8.2000\n", text, StringComparison.Ordinal);
        Assert.Contains("  Within ±5 points:              40.0%\n", text, StringComparison.Ordinal);
        // Sorted |e| = [3,3,5,5,8,8,10,10,15,15]; h = 9·0.95 = 8.55 → 15.
        Assert.Contains("  95th Percentile Error:         15.0000\n", text, StringComparison.Ordinal);
        Assert.Contains("  50-75       0      0      2      2\n", text, StringComparison.Ordinal);
        Assert.Contains("  num_samples                10 >=       1000        -990  FAIL\n", text, StringComparison.Ordinal);
        Assert.Contains("5 of 9 gates FAILED: r2, mae, accuracy_5, abs_mean_error, num_samples.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TextReport_WithBaseline_ListsDeltas()
    {
        var baseline = new Baseline("registry:v1", Evaluator.Evaluate(EvaluationData.Build(1000, 900, 6f), GateThresholds.Default).Metrics, BaselineTolerances.Default);
        var result = Evaluator.Evaluate(EvaluationData.Build(1000, 600, 6f), GateThresholds.Default, baseline);
        string text = TextReport.Build(result);
        Assert.Contains("BASELINE COMPARISON: REGRESSED", text, StringComparison.Ordinal);
        Assert.Contains("Baseline: registry:v1", text, StringComparison.Ordinal);
        Assert.Contains("RELEASE GATES: PASSED", text, StringComparison.Ordinal);
        Assert.Contains("VERDICT: FAILED", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MissingTrainingHistory_BadInputAndNothingWritten()
    {
        using var dir = new TempDirectory();
        var result = Evaluator.Evaluate(EvaluationData.Upstream(), GateThresholds.Default);
        var ex = Assert.Throws<BadInputException>(() => EvaluationReportWriter.Write(dir.Combine("out"), result, dir.Combine("nope.json")));
        Assert.Contains("nope.json", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("out")));
    }

    [Fact]
    public void TrainingHistory_ReadsEpochArrayAndKerasLists()
    {
        var entries = TrainingHistory.Parse(JsonNode.Parse("""[{"epoch":1,"loss":900.5,"val_loss":950,"mae":20,"val_mae":21,"lr":0.001},{"epoch":2,"loss":400}]"""), "h");
        Assert.Equal(2, entries.Epochs.Count);
        Assert.Equal(new TrainingEpoch(1, 900.5, 950, 20, 21, 0.001), entries.Epochs[0]);
        Assert.Equal(new TrainingEpoch(2, 400, null, null, null, null), entries.Epochs[1]);

        var keras = TrainingHistory.Parse(JsonNode.Parse("""{"loss":[3,2],"val_loss":[4,3]}"""), "h");
        Assert.Equal(new TrainingEpoch(2, 2, 3, null, null, null), keras.Epochs[1]);

        var wrapped = TrainingHistory.Parse(JsonNode.Parse("""{"epochs":[{"epoch":7,"loss":1}]}"""), "h");
        Assert.Equal(7, wrapped.Epochs[0].Epoch);

        var ex = Assert.Throws<BadInputException>(() => TrainingHistory.Parse(JsonNode.Parse("""[{"loss":"x"}]"""), "h.json"));
        Assert.Contains("'loss'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_IsSelfContainedAndEscapesDocumentTypes()
    {
        var input = EvaluationData.Upstream() with
        {
            DocumentTypes = ["<script>x</script>", "passport", "passport", "passport", "passport", "id_card", "id_card", "id_card", "id_card", "id_card"],
        };
        string html = HtmlReport.Build(Evaluator.Evaluate(input, GateThresholds.Default), null);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_LargeTestSet_UsesHexbinInsteadOfScatter()
    {
        var small = HtmlReport.Build(Evaluator.Evaluate(EvaluationData.Build(SvgCharts.ScatterLimit, 0, 3f), GateThresholds.Default), null);
        var large = HtmlReport.Build(Evaluator.Evaluate(EvaluationData.Build(SvgCharts.ScatterLimit + 1, 0, 3f), GateThresholds.Default), null);
        Assert.Contains("class=\"points\"", small, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"hexbin\"", small, StringComparison.Ordinal);
        Assert.Contains("class=\"hexbin\"", large, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"points\"", large, StringComparison.Ordinal);
    }
}
