using System.Text.Json.Nodes;

namespace TrustScore.Evaluation;

/// <summary>The outcome of <see cref="ModelEvaluation.EvaluateVersion"/>.</summary>
/// <param name="VersionDir">The evaluated version directory.</param>
/// <param name="Version">Its version name.</param>
/// <param name="Root">Its verified model digest.</param>
/// <param name="DatasetPath">The dataset evaluated.</param>
/// <param name="Selection"><c>test split</c> (with a config) or <c>all records</c>.</param>
/// <param name="Evaluation">Metrics, gates and baseline comparison.</param>
/// <param name="Reports">The reports written, or null when no output directory was given.</param>
public sealed record ModelEvaluationResult(
    string VersionDir, string Version, string Root, string DatasetPath, string Selection, EvaluationResult Evaluation, EvaluationReportFiles? Reports)
{
    /// <summary>The <c>--json</c> document: model, dataset, verdict and the evaluation_metrics.json content.</summary>
    public JsonObject ToJson() => new()
    {
        ["model"] = new JsonObject { ["version_dir"] = VersionDir, ["version"] = Version, ["root"] = Root },
        ["dataset"] = new JsonObject { ["path"] = DatasetPath, ["selection"] = Selection, ["samples"] = Evaluation.Metrics.NumSamples },
        ["passed"] = Evaluation.Passed,
        ["evaluation"] = Evaluation.ToJson(),
        ["reports"] = Reports is null ? null : new JsonObject
        {
            ["text"] = Reports.TextReport,
            ["metrics"] = Reports.MetricsJson,
            ["html"] = Reports.HtmlReport,
        },
    };
}
