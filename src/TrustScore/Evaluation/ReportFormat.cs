using System.Globalization;

namespace TrustScore.Evaluation;

/// <summary>Number formatting shared by the text, HTML and terminal reports (invariant culture).</summary>
public static class ReportFormat
{
    /// <summary>Four decimals, e.g. <c>0.9123</c>.</summary>
    public static string F4(double value) => NoNegativeZero(value, 4).ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>0 when <paramref name="value"/> rounds to zero, so tiny negatives do not print as "-0.0000".</summary>
    private static double NoNegativeZero(double value, int decimals) => Math.Round(value, decimals) == 0 ? 0 : value;

    /// <summary>A fraction as a percentage with one decimal, e.g. <c>40.0%</c>.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>A gate's value or threshold: integers for the sample count, four decimals otherwise.</summary>
    public static string GateNumber(GateResult gate, double value) =>
        gate.Name == "num_samples" ? ((long)value).ToString(CultureInfo.InvariantCulture) : F4(value);

    /// <summary>A signed margin, e.g. <c>+0.0123</c> or <c>-3</c>.</summary>
    public static string Margin(GateResult gate)
    {
        string text = GateNumber(gate, Math.Abs(gate.Margin));
        return (gate.Margin < 0 ? "-" : "+") + text;
    }

    /// <summary>A signed delta with four decimals.</summary>
    public static string Signed(double value) => (value < 0 ? "-" : "+") + F4(Math.Abs(value));

    /// <summary>PASS or FAIL.</summary>
    public static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    /// <summary>
    /// The gate table as plain text (used in evaluation_report.txt and on a non-terminal stderr):
    /// one row per gate with value, comparison, threshold, margin and result, then the verdict.
    /// </summary>
    public static string GateTable(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"  {"Gate",-16} {"Value",12} {"",2} {"Threshold",10} {"Margin",11}  Result\n");
        foreach (var g in report.Gates)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  {g.Name,-16} {GateNumber(g, g.Value),12} {g.ComparisonSymbol,2} {GateNumber(g, g.Threshold),10} {Margin(g),11}  {Verdict(g.Passed)}\n");
        }

        int failed = report.Failed.Count;
        sb.Append(failed == 0
            ? $"  All {report.Gates.Count} gates passed.\n"
            : $"  {failed} of {report.Gates.Count} gates FAILED: {string.Join(", ", report.Failed.Select(g => g.Name))}.\n");
        return sb.ToString();
    }

    /// <summary>The baseline comparison as plain text: one row per metric, then the verdict.</summary>
    public static string BaselineTable(BaselineComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"  Baseline: {comparison.Source}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  {"Metric",-16} {"Baseline",10} {"Candidate",10} {"Delta",10} {"Tolerance",10}  Result\n");
        foreach (var d in comparison.Deltas)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  {d.Name,-16} {F4(d.Baseline),10} {F4(d.Candidate),10} {Signed(d.Delta),10} {F4(d.Tolerance),10}  {(d.Regressed ? "REGRESSED" : "ok")}\n");
        }

        sb.Append(comparison.Passed
            ? "  No regressions against the baseline.\n"
            : $"  {comparison.Regressions.Count} metric(s) REGRESSED: {string.Join(", ", comparison.Regressions.Select(d => d.Name))}.\n");
        return sb.ToString();
    }
}
