using System.Globalization;
using System.Net;
using System.Text;

namespace TrustScore.Evaluation;

/// <summary>
/// evaluation_report.html (runbook §2.2, extended): one self-contained page a release manager can
/// read — the verdict, the gate table, the baseline comparison, the metrics, and inline SVG
/// charts (predicted vs actual, residual histogram, calibration curve, MAE per document type,
/// training/validation loss). No scripts, external fonts, images or links: it opens offline.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1060px}
        h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.15em;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
        table{border-collapse:collapse;margin:8px 0;font-size:0.92em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}
        th{background:#f4f4f4}td.l,th.l{text-align:left}
        .verdict{display:inline-block;padding:6px 14px;border-radius:4px;font-weight:bold;color:#fff}
        .pass{background:#2e7d32}.fail{background:#c62828}
        tr.failed td{background:#fdecea}td.ok{color:#2e7d32;font-weight:bold}td.bad{color:#c62828;font-weight:bold}
        .charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{border:1px solid #ddd;font-size:11px}
        .note{color:#555;font-size:0.9em}
        """;

    /// <summary>The page's HTML.</summary>
    public static string Build(EvaluationResult result, TrainingHistory? history)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // The policy forbids every load and every script: the page must render from its own bytes.
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>Trust score model evaluation</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>Trust score model evaluation</h1>\n");
        sb.Append(Fmt($"<p><span id=\"verdict\" class=\"verdict {(result.Passed ? "pass" : "fail")}\">{(result.Passed ? "PASSED" : "FAILED")}</span> "));
        sb.Append(Fmt($"<span class=\"note\">{result.Gates.Gates.Count - result.Gates.Failed.Count} of {result.Gates.Gates.Count} gates passed on {m.NumSamples} test samples"));
        if (result.Baseline is { } bl)
        {
            sb.Append(bl.Passed ? "; no regressions against the baseline" : Fmt($"; {bl.Regressions.Count} regression(s) against the baseline"));
        }

        sb.Append(".</span></p>\n");

        sb.Append("<h2>Release gates</h2>\n<table id=\"gates\"><tr><th class=\"l\">Gate</th><th class=\"l\">Config key</th><th>Value</th><th></th><th>Threshold</th><th>Margin</th><th>Result</th></tr>\n");
        foreach (var g in result.Gates.Gates)
        {
            sb.Append(Fmt($"<tr{(g.Passed ? "" : " class=\"failed\"")}><td class=\"l\" title=\"{Esc(g.Description)}\">{Esc(g.Name)}</td><td class=\"l\">{Esc(g.ConfigKey)}</td><td>{ReportFormat.GateNumber(g, g.Value)}</td><td>{Esc(g.ComparisonSymbol)}</td><td>{ReportFormat.GateNumber(g, g.Threshold)}</td><td>{ReportFormat.Margin(g)}</td><td class=\"{(g.Passed ? "ok" : "bad")}\">{ReportFormat.Verdict(g.Passed)}</td></tr>\n"));
        }

        sb.Append("</table>\n");

        if (result.Baseline is { } baseline)
        {
            sb.Append(Fmt($"<h2>Baseline comparison</h2>\n<p class=\"note\">Baseline: {Esc(baseline.Source)}</p>\n"));
            sb.Append("<table id=\"baseline\"><tr><th class=\"l\">Metric</th><th>Baseline</th><th>Candidate</th><th>Delta</th><th>Tolerance</th><th>Result</th></tr>\n");
            foreach (var d in baseline.Deltas)
            {
                sb.Append(Fmt($"<tr{(d.Regressed ? " class=\"failed\"" : "")}><td class=\"l\">{Esc(d.Name)}</td><td>{ReportFormat.F4(d.Baseline)}</td><td>{ReportFormat.F4(d.Candidate)}</td><td>{ReportFormat.Signed(d.Delta)}</td><td>{ReportFormat.F4(d.Tolerance)}</td><td class=\"{(d.Regressed ? "bad" : "ok")}\">{(d.Regressed ? "REGRESSED" : "ok")}</td></tr>\n"));
            }

            sb.Append("</table>\n");
        }

        sb.Append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        sb.Append(SvgCharts.PredictedVsActual(result.Input.Predictions, result.Input.Labels)).Append('\n');
        sb.Append(SvgCharts.ResidualHistogram(result.Input.Predictions, result.Input.Labels)).Append('\n');
        sb.Append(SvgCharts.CalibrationCurve(result.Calibration)).Append('\n');
        sb.Append(SvgCharts.DocumentTypeBars(result.ByDocumentType)).Append('\n');
        sb.Append(SvgCharts.LossCurves(history)).Append('\n');
        sb.Append("</div>\n");

        sb.Append("<h2>Metrics</h2>\n<table id=\"metrics\"><tr><th class=\"l\">Metric</th><th>Model output</th>");
        if (result.IntegerScoreMetrics is not null)
        {
            sb.Append("<th>Integer score</th>");
        }

        sb.Append("</tr>\n");
        foreach (var (name, get, percent) in MetricRows)
        {
            sb.Append(Fmt($"<tr><td class=\"l\">{Esc(name)}</td><td>{Value(get(m), percent)}</td>"));
            if (result.IntegerScoreMetrics is { } im)
            {
                sb.Append(Fmt($"<td>{Value(get(im), percent)}</td>"));
            }

            sb.Append("</tr>\n");
        }

        string ruleNote = result.Input.IntegerScoreRule is { } rule ? $", by score rule <code>{System.Net.WebUtility.HtmlEncode(rule)}</code>" : string.Empty;
        sb.Append("</table>\n<p class=\"note\">The gates apply to the model output (the consensus scorer's float score); the integer column is what validators publish").Append(ruleNote).Append(".</p>\n");

        Breakdown(sb, "By document type", "by-document-type", result.ByDocumentType);
        Breakdown(sb, "Genuine and fraud samples", "by-genuineness", result.ByGenuineness);

        sb.Append("<h2>Confusion matrix (score bins)</h2>\n<table id=\"confusion\"><tr><th class=\"l\">Actual \\ Predicted</th>");
        foreach (string label in Metrics.ScoreBinLabels)
        {
            sb.Append(Fmt($"<th>{label}</th>"));
        }

        sb.Append("</tr>\n");
        for (int r = 0; r < Metrics.ScoreBinLabels.Count; r++)
        {
            sb.Append(Fmt($"<tr><th class=\"l\">{Metrics.ScoreBinLabels[r]}</th>"));
            foreach (int count in m.ConfusionMatrix[r])
            {
                sb.Append(Fmt($"<td>{count}</td>"));
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");

        sb.Append(Fmt($"<h2>Calibration</h2>\n<p class=\"note\">Expected calibration error: {ReportFormat.F4(result.Calibration.ExpectedCalibrationError)} score points (sample-weighted mean |mean predicted − mean actual| over {result.Calibration.Bins.Count} bins of the prediction).</p>\n"));
        sb.Append("<table id=\"calibration\"><tr><th class=\"l\">Bin</th><th>Samples</th><th>Mean predicted</th><th>Mean actual</th></tr>\n");
        foreach (var bin in result.Calibration.Bins)
        {
            sb.Append(Fmt($"<tr><td class=\"l\">{bin.Lower:0}–{bin.Upper:0}</td><td>{bin.Count}</td><td>{(bin.Count > 0 ? ReportFormat.F4(bin.MeanPredicted) : "")}</td><td>{(bin.Count > 0 ? ReportFormat.F4(bin.MeanActual) : "")}</td></tr>\n"));
        }

        sb.Append("</table>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static readonly (string Name, Func<RegressionMetrics, double> Get, bool Percent)[] MetricRows =
    [
        ("MAE", x => x.Mae, false),
        ("MSE", x => x.Mse, false),
        ("RMSE", x => x.Rmse, false),
        ("R²", x => x.R2, false),
        ("MAPE (%)", x => x.Mape, false),
        ("Within ±5", x => x.Accuracy5, true),
        ("Within ±10", x => x.Accuracy10, true),
        ("Within ±15", x => x.Accuracy15, true),
        ("Within ±20", x => x.Accuracy20, true),
        ("Mean error (bias)", x => x.MeanError, false),
        ("Std error", x => x.StdError, false),
        ("P50 |error|", x => x.P50Error, false),
        ("P90 |error|", x => x.P90Error, false),
        ("P95 |error|", x => x.P95Error, false),
        ("P99 |error|", x => x.P99Error, false),
        ("Mean prediction", x => x.MeanPrediction, false),
        ("Std prediction", x => x.StdPrediction, false),
    ];

    private static void Breakdown(StringBuilder sb, string title, string id, IReadOnlyList<GroupMetrics> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        sb.Append(Fmt($"<h2>{title}</h2>\n<table id=\"{id}\"><tr><th class=\"l\">Group</th><th>Samples</th><th>MAE</th><th>RMSE</th><th>R²</th><th>Bias</th><th>Within ±5</th><th>Within ±10</th><th>P95 |error|</th></tr>\n"));
        foreach (var g in groups)
        {
            var m = g.Metrics;
            sb.Append(Fmt($"<tr><td class=\"l\">{Esc(g.Group)}</td><td>{m.NumSamples}</td><td>{ReportFormat.F4(m.Mae)}</td><td>{ReportFormat.F4(m.Rmse)}</td><td>{ReportFormat.F4(m.R2)}</td><td>{ReportFormat.F4(m.MeanError)}</td><td>{ReportFormat.Percent(m.Accuracy5)}</td><td>{ReportFormat.Percent(m.Accuracy10)}</td><td>{ReportFormat.F4(m.P95Error)}</td></tr>\n"));
        }

        sb.Append("</table>\n");
    }

    private static string Value(double v, bool percent) => percent ? ReportFormat.Percent(v) : ReportFormat.F4(v);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
