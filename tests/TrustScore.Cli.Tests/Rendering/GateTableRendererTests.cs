using TrustScore.Cli.Rendering;
using TrustScore.Evaluation;

namespace TrustScore.Cli.Tests.Rendering;

public class GateTableRendererTests
{
    // Ten samples, errors ±3/±8/±15/±5/±10: fails r2, mae, accuracy_5, abs_mean_error, num_samples.
    private static EvaluationResult Failing() => Evaluator.Evaluate(
        new EvaluationInput([53, 32, 75, 15, 90, 53, 32, 75, 15, 90], [50, 40, 60, 20, 80, 50, 40, 60, 20, 80]),
        GateThresholds.Default);

    [Fact]
    public void Render_NotATerminal_PlainTextWithoutEscapeCodes()
    {
        var writer = new StringWriter();
        GateTableRenderer.Render(writer, Failing(), terminal: false);
        string text = writer.ToString();
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.StartsWith(ReportFormat.GateTable(Failing().Gates), text, StringComparison.Ordinal);
        Assert.Contains("  mae                    8.2000 <=     8.0000     -0.2000  FAIL\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Verdict: FAILED" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Terminal_ColouredTableWithEveryGate()
    {
        var writer = new StringWriter();
        GateTableRenderer.Render(writer, Failing(), terminal: true);
        string text = writer.ToString();
        Assert.Contains("\u001b[", text, StringComparison.Ordinal);
        foreach (var gate in Failing().Gates.Gates)
        {
            Assert.Contains(gate.Name, text, StringComparison.Ordinal);
        }

        Assert.Contains("FAIL", text, StringComparison.Ordinal);
        Assert.Contains("PASS", text, StringComparison.Ordinal);
        Assert.Contains("Verdict: FAILED", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithBaseline_ShowsTheComparison()
    {
        var previous = Failing().Metrics with { Mae = 1.0 };
        var result = Evaluator.Evaluate(
            new EvaluationInput([53, 32, 75, 15, 90], [50, 40, 60, 20, 80]),
            GateThresholds.Default,
            new Baseline("v20250101_000000", previous, BaselineTolerances.Default));
        var writer = new StringWriter();
        GateTableRenderer.Render(writer, result, terminal: false);
        Assert.Contains("Baseline: v20250101_000000", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("REGRESSED: mae.", writer.ToString(), StringComparison.Ordinal);
    }
}
