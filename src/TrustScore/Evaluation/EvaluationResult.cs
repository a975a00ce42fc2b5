using System.Text.Json.Nodes;

namespace TrustScore.Evaluation;

/// <summary>
/// Everything one evaluation found (runbook §2): upstream's metrics on the model's float outputs,
/// the same metrics on the integer scores validators publish, per-document-type and
/// genuine/fraud breakdowns, calibration, the nine gates, and the baseline comparison.
/// </summary>
public sealed record EvaluationResult
{
    /// <summary>The samples evaluated (kept for the report's charts).</summary>
    public required EvaluationInput Input { get; init; }

    /// <summary>Metrics of the float predictions; the gates apply to these.</summary>
    public required RegressionMetrics Metrics { get; init; }

    /// <summary>Metrics of the integer scores; null when none were given.</summary>
    public RegressionMetrics? IntegerScoreMetrics { get; init; }

    /// <summary>Per <c>document_type</c>, ordinal order; empty when the input had none.</summary>
    public required IReadOnlyList<GroupMetrics> ByDocumentType { get; init; }

    /// <summary><c>genuine</c> then <c>fraud</c> (a slice with no samples is left out).</summary>
    public required IReadOnlyList<GroupMetrics> ByGenuineness { get; init; }

    /// <summary>Calibration bins and ECE of the float predictions.</summary>
    public required Calibration Calibration { get; init; }

    /// <summary>The thresholds the gates used.</summary>
    public required GateThresholds Thresholds { get; init; }

    /// <summary>The nine gates.</summary>
    public required GateReport Gates { get; init; }

    /// <summary>The comparison with the baseline; null when no baseline was given.</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>The verdict: every gate passed and nothing regressed against the baseline.</summary>
    public bool Passed => Gates.Passed && (Baseline?.Passed ?? true);

    /// <summary>
    /// One sentence naming every failed gate (value, comparison it missed, threshold, config key)
    /// and every baseline regression — the message for a <see cref="Errors.GatesFailedException"/>;
    /// null when <see cref="Passed"/>.
    /// </summary>
    public string? FailureSentence
    {
        get
        {
            if (Passed)
            {
                return null;
            }

            var parts = new List<string>();
            if (!Gates.Passed)
            {
                parts.Add($"{Gates.Failed.Count} of {Gates.Gates.Count} release gates failed: " + string.Join("; ", Gates.Failed.Select(g =>
                    $"{g.Name} {ReportFormat.GateNumber(g, g.Value)} is not {g.ComparisonSymbol} {ReportFormat.GateNumber(g, g.Threshold)} ({g.ConfigKey})")));
            }

            if (Baseline is { Passed: false } baseline)
            {
                parts.Add($"regressed against baseline {baseline.Source}: " + string.Join("; ", baseline.Regressions.Select(d =>
                    $"{d.Name} {ReportFormat.F4(d.Baseline)} -> {ReportFormat.F4(d.Candidate)} (tolerance {ReportFormat.F4(d.Tolerance)})")));
            }

            return string.Join("; and ", parts) + ".";
        }
    }

    /// <summary>
    /// The content of evaluation_metrics.json: upstream's metric keys at the top level (so
    /// upstream's loader still reads it), plus <c>passed</c>, <c>gates_passed</c>, <c>gates</c>,
    /// <c>integer_score_metrics</c>, <c>by_document_type</c>, <c>by_genuineness</c>,
    /// <c>calibration</c> and, with a baseline, <c>baseline_passed</c> and <c>baseline</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var json = Metrics.ToJson();
        json["passed"] = Passed;
        json["gates_passed"] = Gates.Passed;
        json["gates"] = Gates.ToJson();
        if (IntegerScoreMetrics is not null)
        {
            json["integer_score_metrics"] = IntegerScoreMetrics.ToJson();
            if (Input.IntegerScoreRule is not null)
            {
                json["integer_score_rule"] = Input.IntegerScoreRule;
            }
        }

        json["by_document_type"] = GroupsToJson(ByDocumentType);
        json["by_genuineness"] = GroupsToJson(ByGenuineness);
        json["calibration"] = Calibration.ToJson();
        if (Baseline is not null)
        {
            json["baseline_passed"] = Baseline.Passed;
            json["baseline"] = Baseline.ToJson();
        }

        return json;
    }

    private static JsonObject GroupsToJson(IReadOnlyList<GroupMetrics> groups)
    {
        var json = new JsonObject();
        foreach (var g in groups)
        {
            json[g.Group] = g.Metrics.ToJson();
        }

        return json;
    }
}
