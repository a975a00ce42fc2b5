using System.Globalization;
using System.Text;

namespace TrustScore.Evaluation;

/// <summary>
/// evaluation_report.txt (runbook §2.2): upstream's layout — regression metrics, accuracy within
/// thresholds, error distribution, prediction distribution, confusion matrix, total samples —
/// followed by the release gates, the baseline comparison, the integer-score metrics, the
/// breakdowns and calibration.
/// </summary>
public static class TextReport
{
    private static readonly string Rule = new('=', 60);
    private static readonly string Dash = new('-', 40);

    /// <summary>The report's text (LF line ends, final newline).</summary>
    public static string Build(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var sb = new StringBuilder();
        Line(sb, Rule);
        Line(sb, "TRUST SCORE MODEL EVALUATION REPORT");
        Line(sb, Rule);
        Line(sb, "");
        Section(sb, "REGRESSION METRICS");
        Row(sb, "Mean Absolute Error (MAE):", ReportFormat.F4(m.Mae));
        Row(sb, "Mean Squared Error (MSE):", ReportFormat.F4(m.Mse));
        Row(sb, "Root Mean Squared Error:", ReportFormat.F4(m.Rmse));
        Row(sb, "R² Score:", ReportFormat.F4(m.R2));
        Line(sb, "");
        Section(sb, "ACCURACY WITHIN THRESHOLDS");
        Row(sb, "Within ±5 points:", ReportFormat.Percent(m.Accuracy5));
        Row(sb, "Within ±10 points:", ReportFormat.Percent(m.Accuracy10));
        Row(sb, "Within ±15 points:", ReportFormat.Percent(m.Accuracy15));
        Row(sb, "Within ±20 points:", ReportFormat.Percent(m.Accuracy20));
        Line(sb, "");
        Section(sb, "ERROR DISTRIBUTION");
        Row(sb, "Mean Error (bias):", ReportFormat.F4(m.MeanError));
        Row(sb, "Std Error:", ReportFormat.F4(m.StdError));
        Row(sb, "Median Absolute Error:", ReportFormat.F4(m.P50Error));
        Row(sb, "90th Percentile Error:", ReportFormat.F4(m.P90Error));
        Row(sb, "95th Percentile Error:", ReportFormat.F4(m.P95Error));
        Row(sb, "99th Percentile Error:", ReportFormat.F4(m.P99Error));
        Line(sb, "");
        Section(sb, "PREDICTION DISTRIBUTION");
        Row(sb, "Mean Prediction:", ReportFormat.F4(m.MeanPrediction));
        Row(sb, "Std Prediction:", ReportFormat.F4(m.StdPrediction));
        Line(sb, "");
        Section(sb, "CONFUSION MATRIX (Score Bins: 0-25, 25-50, 50-75, 75-100)");
        ConfusionMatrix(sb, m);
        Line(sb, "");
        Line(sb, $"Total Samples: {m.NumSamples}");
        Line(sb, Rule);
        Line(sb, "");

        Section(sb, $"RELEASE GATES: {(result.Gates.Passed ? "PASSED" : "FAILED")}");
        sb.Append(ReportFormat.GateTable(result.Gates));
        Line(sb, "");

        if (result.Baseline is { } baseline)
        {
            Section(sb, $"BASELINE COMPARISON: {(baseline.Passed ? "NO REGRESSIONS" : "REGRESSED")}");
            sb.Append(ReportFormat.BaselineTable(baseline));
            Line(sb, "");
        }

        if (result.IntegerScoreMetrics is { } im)
        {
            Section(sb, "INTEGER SCORES (as validators publish them)");
            if (result.Input.IntegerScoreRule is { } rule)
            {
                Row(sb, "Score rule:", rule);
            }

            Row(sb, "MAE / RMSE / R²:", $"{ReportFormat.F4(im.Mae)} / {ReportFormat.F4(im.Rmse)} / {ReportFormat.F4(im.R2)}");
            Row(sb, "Within ±5 / ±10 / ±20:", $"{ReportFormat.Percent(im.Accuracy5)} / {ReportFormat.Percent(im.Accuracy10)} / {ReportFormat.Percent(im.Accuracy20)}");
            Row(sb, "Mean Error / P95 Error:", $"{ReportFormat.F4(im.MeanError)} / {ReportFormat.F4(im.P95Error)}");
            Line(sb, "");
        }

        Breakdown(sb, "BY DOCUMENT TYPE", result.ByDocumentType);
        Breakdown(sb, "BY GENUINE / FRAUD", result.ByGenuineness);

        Section(sb, $"CALIBRATION (ECE {ReportFormat.F4(result.Calibration.ExpectedCalibrationError)} points)");
        Line(sb, $"  {"Bin",-10} {"Count",8} {"MeanPred",10} {"MeanActual",10}");
        foreach (var bin in result.Calibration.Bins.Where(b => b.Count > 0))
        {
            string range = string.Create(CultureInfo.InvariantCulture, $"{bin.Lower:0}-{bin.Upper:0}");
            Line(sb, $"  {range,-10} {bin.Count,8} {ReportFormat.F4(bin.MeanPredicted),10} {ReportFormat.F4(bin.MeanActual),10}");
        }

        Line(sb, "");
        Line(sb, $"VERDICT: {(result.Passed ? "PASSED" : "FAILED")}");
        Line(sb, Rule);
        return sb.ToString();
    }

    private static void ConfusionMatrix(StringBuilder sb, RegressionMetrics m)
    {
        Line(sb, "              Predicted");
        Line(sb, "Actual    0-25  25-50  50-75  75-100");
        for (int r = 0; r < Metrics.ScoreBinLabels.Count; r++)
        {
            var cells = m.ConfusionMatrix[r].Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(5));
            Line(sb, $"  {Metrics.ScoreBinLabels[r],-6}  {string.Join("  ", cells)}");
        }
    }

    private static void Breakdown(StringBuilder sb, string title, IReadOnlyList<GroupMetrics> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        Section(sb, title);
        Line(sb, $"  {"Group",-18} {"Samples",8} {"MAE",8} {"RMSE",8} {"R²",8} {"Bias",8} {"±10",7}");
        foreach (var g in groups)
        {
            var m = g.Metrics;
            Line(sb, $"  {g.Group,-18} {m.NumSamples,8} {ReportFormat.F4(m.Mae),8} {ReportFormat.F4(m.Rmse),8} {ReportFormat.F4(m.R2),8} {ReportFormat.F4(m.MeanError),8} {ReportFormat.Percent(m.Accuracy10),7}");
        }

        Line(sb, "");
    }

    private static void Section(StringBuilder sb, string title)
    {
        Line(sb, title);
        Line(sb, Dash);
    }

    private static void Row(StringBuilder sb, string label, string value) => Line(sb, $"  {label,-31}{value}");

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');
}
