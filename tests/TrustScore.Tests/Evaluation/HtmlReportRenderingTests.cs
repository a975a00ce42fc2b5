using System.Text.RegularExpressions;
using TrustScore.Evaluation;
using TrustScore.IO;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Evaluation;

/// <summary>
/// The HTML report rendered by a real browser (headless Chromium): it loads without console
/// errors or blocked loads under its own no-network content policy, and its DOM holds every
/// chart as SVG.
/// </summary>
public partial class HtmlReportRenderingTests
{
    private const string History = """
        [{"epoch":1,"loss":2400.5,"val_loss":1900.25,"mae":40.1,"val_mae":35.2,"lr":0.001},
         {"epoch":2,"loss":600.0,"val_loss":420.0,"mae":20.0,"val_mae":17.0,"lr":0.001},
         {"epoch":3,"loss":90.0,"val_loss":80.0,"mae":7.0,"val_mae":6.9,"lr":0.001},
         {"epoch":4,"loss":40.0,"val_loss":45.0,"mae":5.0,"val_mae":5.3,"lr":0.0001}]
        """;

    [Fact]
    public void Report_RendersInChromium_WithAllChartsAndNoConsoleErrors()
    {
        using var dir = new TempDirectory();
        string history = dir.Combine("training_history.json");
        AtomicFile.WriteAllText(history, History);
        var baseline = new Baseline("previous", Evaluator.Evaluate(EvaluationData.Build(1200, 900, 6f), GateThresholds.Default).Metrics, BaselineTolerances.Default);
        var result = Evaluator.Evaluate(EvaluationData.Build(1200, 800, 6f), GateThresholds.Default, baseline);
        var files = EvaluationReportWriter.Write(dir.Path, result, history);

        string screenshot = dir.Combine("report.png");
        var shot = HeadlessChromium.Execute(files.HtmlReport, dir.Combine("profile-shot"), $"--screenshot={screenshot}", "--window-size=1100,2400");
        Assert.Equal(0, shot.ExitCode);
        Assert.Empty(shot.ConsoleLines);
        byte[] png = File.ReadAllBytes(screenshot);
        Assert.True(png.Length > 10_000, $"screenshot is only {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        KeepForInspection(dir.Path, "default");

        var dom = HeadlessChromium.Execute(files.HtmlReport, dir.Combine("profile-dom"), "--dump-dom");
        Assert.Equal(0, dom.ExitCode);
        Assert.Empty(dom.ConsoleLines);
        string html = dom.StdOut;
        foreach (string id in new[] { "chart-predicted-vs-actual", "chart-residuals", "chart-calibration", "chart-document-types", "chart-loss" })
        {
            Assert.Matches($"<svg [^>]*id=\"{id}\"", html);
        }

        Assert.Equal(5, SvgOpen().Count(html));
        Assert.Equal(1200, Regex.Count(Section(html, "chart-predicted-vs-actual"), "<circle "));
        Assert.Equal(40, Regex.Count(Section(html, "chart-residuals"), "<rect [^>]*><title>"));
        Assert.Contains("class=\"train-loss\"", Section(html, "chart-loss"), StringComparison.Ordinal);
        Assert.Contains("class=\"val-loss\"", Section(html, "chart-loss"), StringComparison.Ordinal);
        Assert.Contains("class=\"curve\"", Section(html, "chart-calibration"), StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(Section(html, "chart-document-types"), "<rect [^>]*><title>"));
        Assert.Contains("id=\"gates\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"baseline\"", html, StringComparison.Ordinal);
        Assert.Contains(">FAILED<", html, StringComparison.Ordinal); // baseline regression
    }

    [Fact]
    public void LargeReport_RendersHexbinInChromium()
    {
        using var dir = new TempDirectory();
        var result = Evaluator.Evaluate(EvaluationData.Build(20_000, 15_000, 4f), GateThresholds.Default);
        var files = EvaluationReportWriter.Write(dir.Path, result, null);
        var dom = HeadlessChromium.Execute(files.HtmlReport, dir.Combine("profile"), "--dump-dom");
        Assert.Equal(0, dom.ExitCode);
        Assert.Empty(dom.ConsoleLines);
        string chart = Section(dom.StdOut, "chart-predicted-vs-actual");
        Assert.Contains("class=\"hexbin\"", chart, StringComparison.Ordinal);
        Assert.InRange(Regex.Count(chart, "<polygon "), 10, 2000);
        Assert.Equal(0, Regex.Count(chart, "<circle "));
        Assert.Contains("no training history", Section(dom.StdOut, "chart-loss"), StringComparison.Ordinal);
        Assert.Contains(">PASSED<", dom.StdOut, StringComparison.Ordinal);
        KeepForInspection(dir.Path, "large");
    }

    /// <summary>
    /// Copies the rendered report and its screenshot to $TRUSTSCORE_EVAL_REPORT_DIR when set, so a
    /// person can look at them (docs/evaluation.md, "Checking the HTML report").
    /// </summary>
    private static void KeepForInspection(string from, string name)
    {
        string? keep = Environment.GetEnvironmentVariable("TRUSTSCORE_EVAL_REPORT_DIR");
        if (string.IsNullOrEmpty(keep))
        {
            return;
        }

        string to = Path.Combine(keep, name);
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static string Section(string html, string id)
    {
        int start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"chart {id} not in the DOM");
        int end = html.IndexOf("</svg>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("<svg ")]
    private static partial Regex SvgOpen();
}
