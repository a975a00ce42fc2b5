using System.Globalization;
using System.Text;
using TrustScore.Evaluation;

namespace TrustScore.Impact;

/// <summary>impact_report.txt and the terminal output of <c>trustscore diff</c>.</summary>
public static class ImpactTextReport
{
    /// <summary>The report as plain text (LF line ends).</summary>
    public static string Build(ImpactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        Line(sb, $"Impact of replacing {report.From.Version} ({report.From.Root}) with {report.To.Version} ({report.To.Root})");
        Line(sb, $"{report.Records} records ({report.Selection} of {report.DatasetPath}); thresholds of chain profile {report.ChainProfile}");
        Line(sb, "");
        Line(sb, $"Integer scores: {report.Changed} changed ({ReportFormat.Percent(Share(report.Changed, report.Records))}), {report.Increased} up, {report.Decreased} down, {report.Records - report.Changed} unchanged; mean |change| {ReportFormat.F4(report.MeanAbsoluteChange)}");
        Line(sb, "  change  records");
        foreach ((int delta, int count) in report.ChangeHistogram)
        {
            Line(sb, $"  {delta,6:+0;-0;0}  {count,7}");
        }

        Line(sb, "");
        Line(sb, "Decision thresholds (score >= threshold passes):");
        Line(sb, "  threshold          passing before  passing after  start passing  stop passing");
        foreach (ThresholdImpact t in report.Thresholds)
        {
            Line(sb, $"  {t.Name + " >= " + t.MinScore.ToString(CultureInfo.InvariantCulture),-18} {t.PassingBefore,14}  {t.PassingAfter,13}  {t.CrossedUp,13}  {t.CrossedDown,12}");
            foreach (ImpactGroupCrossing g in t.ByDocumentType.Concat(t.ByPopulation).Where(g => g.CrossedUp + g.CrossedDown > 0))
            {
                Line(sb, $"    {g.Group,-24} {g.Records,7} records  +{g.CrossedUp} / -{g.CrossedDown}");
            }
        }

        Line(sb, "");
        Line(sb, "Metrics on these records:");
        Line(sb, "  metric                   from        to     delta");
        foreach (ImpactMetric m in report.Metrics)
        {
            Line(sb, $"  {m.Name,-20} {ReportFormat.F4(m.From),9} {ReportFormat.F4(m.To),9} {ReportFormat.Signed(m.Delta),9}");
        }

        Line(sb, "");
        Line(sb, report.LargestChanges.Count == 0 ? "No record's integer score changes." : "Largest individual changes:");
        foreach (ScoreChange c in report.LargestChanges)
        {
            Line(sb, $"  {c.SampleId,-24} {c.DocumentType,-16} {(c.IsGenuine ? "genuine" : "fraud"),-7} label {c.Label.ToString("0.##", CultureInfo.InvariantCulture),6}  {c.FromScore,3} -> {c.ToScore,3} ({c.Delta:+0;-0;0})");
        }

        return sb.ToString();
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static void Line(StringBuilder sb, FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');
}
