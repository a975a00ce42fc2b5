using Spectre.Console;
using TrustScore.Evaluation;

namespace TrustScore.Cli.Rendering;

/// <summary>
/// Shows the release gates (runbook §2.1) and, when present, the baseline comparison: a coloured
/// Spectre.Console table on a terminal, the same plain text as evaluation_report.txt otherwise
/// (pipes, CI logs), so nothing depends on escape codes being understood.
/// </summary>
internal static class GateTableRenderer
{
    /// <summary>Renders <paramref name="result"/>'s gates, baseline comparison and verdict to <paramref name="writer"/>.</summary>
    public static void Render(TextWriter writer, EvaluationResult result, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        if (!terminal)
        {
            writer.Write(ReportFormat.GateTable(result.Gates));
            if (result.Baseline is { } baseline)
            {
                writer.Write(ReportFormat.BaselineTable(baseline));
            }

            writer.WriteLine(result.Passed ? "Verdict: PASSED" : "Verdict: FAILED");
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Write(GateTable(result.Gates));
        if (result.Baseline is { } comparison)
        {
            console.Write(BaselineTable(comparison));
        }

        console.MarkupLine(result.Passed ? "[bold green]Verdict: PASSED[/]" : "[bold red]Verdict: FAILED[/]");
    }

    /// <summary>True when <paramref name="writer"/> is the process's stderr or stdout and that stream is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected)
        || (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);

    private static Table GateTable(GateReport report)
    {
        var table = new Table { Title = new TableTitle("Release gates") };
        table.AddColumn("Gate");
        table.AddColumn(new TableColumn("Value").RightAligned());
        table.AddColumn(new TableColumn("").Centered());
        table.AddColumn(new TableColumn("Threshold").RightAligned());
        table.AddColumn(new TableColumn("Margin").RightAligned());
        table.AddColumn(new TableColumn("Result").Centered());
        foreach (var g in report.Gates)
        {
            string colour = g.Passed ? "green" : "red";
            table.AddRow(
                Markup.Escape(g.Name),
                ReportFormat.GateNumber(g, g.Value),
                Markup.Escape(g.ComparisonSymbol),
                ReportFormat.GateNumber(g, g.Threshold),
                $"[{colour}]{ReportFormat.Margin(g)}[/]",
                $"[bold {colour}]{ReportFormat.Verdict(g.Passed)}[/]");
        }

        return table;
    }

    private static Table BaselineTable(BaselineComparison comparison)
    {
        var table = new Table { Title = new TableTitle($"Baseline: {Markup.Escape(comparison.Source)}") };
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Baseline").RightAligned());
        table.AddColumn(new TableColumn("Candidate").RightAligned());
        table.AddColumn(new TableColumn("Delta").RightAligned());
        table.AddColumn(new TableColumn("Tolerance").RightAligned());
        table.AddColumn(new TableColumn("Result").Centered());
        foreach (var d in comparison.Deltas)
        {
            table.AddRow(
                Markup.Escape(d.Name),
                ReportFormat.F4(d.Baseline),
                ReportFormat.F4(d.Candidate),
                ReportFormat.Signed(d.Delta),
                ReportFormat.F4(d.Tolerance),
                d.Regressed ? "[bold red]REGRESSED[/]" : "[green]ok[/]");
        }

        return table;
    }
}
