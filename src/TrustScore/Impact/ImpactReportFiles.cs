namespace TrustScore.Impact;

/// <summary>The three files <see cref="ImpactReportWriter"/> wrote.</summary>
/// <param name="TextReport">impact_report.txt.</param>
/// <param name="Json">impact_report.json (canonical JSON).</param>
/// <param name="HtmlReport">impact_report.html.</param>
/// <param name="JsonSha256">Lower-case hex SHA-256 of the JSON file's bytes (what a proposal links).</param>
public sealed record ImpactReportFiles(string TextReport, string Json, string HtmlReport, string JsonSha256);
