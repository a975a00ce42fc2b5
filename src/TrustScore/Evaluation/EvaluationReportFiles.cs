namespace TrustScore.Evaluation;

/// <summary>Paths of the three reports <see cref="EvaluationReportWriter.Write"/> wrote.</summary>
/// <param name="TextReport">evaluation_report.txt.</param>
/// <param name="MetricsJson">evaluation_metrics.json.</param>
/// <param name="HtmlReport">evaluation_report.html.</param>
public sealed record EvaluationReportFiles(string TextReport, string MetricsJson, string HtmlReport);
