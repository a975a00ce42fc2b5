using System.Globalization;
using System.Net;
using System.Text;
using TrustScore.Evaluation;

namespace TrustScore.Impact;

/// <summary>
/// impact_report.html: one self-contained page (inline SVG charts, no scripts, no external
/// references), like evaluation_report.html.
/// </summary>
public static class ImpactHtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1060px}
        h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.15em;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
        table{border-collapse:collapse;margin:8px 0;font-size:0.92em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}
        th{background:#f4f4f4}td.l,th.l{text-align:left}td.up{color:#2e7d32}td.down{color:#c62828}
        .charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{border:1px solid #ddd;font-size:11px}
        .note{color:#555;font-size:0.9em}
        """;

    /// <summary>The page's HTML.</summary>
    public static string Build(ImpactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // The policy forbids every load and every script: the page must render from its own bytes.
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        sb.Append("<title>Trust score model impact report</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append(Fmt($"<h1>Impact of {Esc(report.To.Version)} replacing {Esc(report.From.Version)}</h1>\n"));
        sb.Append(Fmt($"<p class=\"note\">From {Esc(report.From.Root)} to {Esc(report.To.Root)}; {report.Records} records ({Esc(report.Selection)} of {Esc(report.DatasetPath)}); thresholds of chain profile {Esc(report.ChainProfile)}.</p>\n"));
        sb.Append(Fmt($"<p id=\"summary\"><b>{report.Changed}</b> integer scores change ({report.Increased} up, {report.Decreased} down); mean |change| {ReportFormat.F4(report.MeanAbsoluteChange)}.</p>\n"));

        sb.Append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        sb.Append(SvgCharts.ScoreChangeHistogram(report.ChangeHistogram)).Append('\n');
        sb.Append(SvgCharts.ThresholdCrossings([.. report.Thresholds.Select(t => (t.Name, t.MinScore, t.CrossedUp, t.CrossedDown))])).Append('\n');
        sb.Append("</div>\n");

        sb.Append("<h2>Decision thresholds</h2>\n<table id=\"thresholds\"><tr><th class=\"l\">Threshold</th><th class=\"l\">Group</th><th>Records</th><th>Start passing</th><th>Stop passing</th></tr>\n");
        foreach (ThresholdImpact t in report.Thresholds)
        {
            sb.Append(Fmt($"<tr><td class=\"l\"><b>{Esc(t.Name)} &gt;= {t.MinScore}</b></td><td class=\"l\">all ({t.PassingBefore} → {t.PassingAfter} passing)</td><td>{report.Records}</td><td class=\"up\">{t.CrossedUp}</td><td class=\"down\">{t.CrossedDown}</td></tr>\n"));
            foreach (ImpactGroupCrossing g in t.ByDocumentType.Concat(t.ByPopulation))
            {
                sb.Append(Fmt($"<tr><td class=\"l\"></td><td class=\"l\">{Esc(g.Group)}</td><td>{g.Records}</td><td class=\"up\">{g.CrossedUp}</td><td class=\"down\">{g.CrossedDown}</td></tr>\n"));
            }
        }

        sb.Append("</table>\n<h2>Metrics</h2>\n<table id=\"metrics\"><tr><th class=\"l\">Metric</th><th>From</th><th>To</th><th>Delta</th></tr>\n");
        foreach (ImpactMetric m in report.Metrics)
        {
            sb.Append(Fmt($"<tr><td class=\"l\">{Esc(m.Name)}</td><td>{ReportFormat.F4(m.From)}</td><td>{ReportFormat.F4(m.To)}</td><td>{ReportFormat.Signed(m.Delta)}</td></tr>\n"));
        }

        sb.Append("</table>\n<h2>Largest individual changes</h2>\n<table id=\"largest\"><tr><th class=\"l\">Sample</th><th class=\"l\">Document type</th><th class=\"l\">Population</th><th>Label</th><th>From</th><th>To</th><th>Change</th></tr>\n");
        foreach (ScoreChange c in report.LargestChanges)
        {
            sb.Append(Fmt($"<tr><td class=\"l\">{Esc(c.SampleId)}</td><td class=\"l\">{Esc(c.DocumentType)}</td><td class=\"l\">{(c.IsGenuine ? "genuine" : "fraud")}</td><td>{c.Label.ToString("0.##", CultureInfo.InvariantCulture)}</td><td>{c.FromScore}</td><td>{c.ToScore}</td><td class=\"{(c.Delta > 0 ? "up" : "down")}\">{c.Delta:+0;-0;0}</td></tr>\n"));
        }

        sb.Append("</table>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Esc(string text) => WebUtility.HtmlEncode(text);

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
