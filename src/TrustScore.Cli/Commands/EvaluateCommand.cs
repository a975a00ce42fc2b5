using System.CommandLine;
using TrustScore.Cli.Rendering;
using TrustScore.Errors;
using TrustScore.Evaluation;
using TrustScore.IO;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore evaluate</c> (runbook §2): checks an exported model's digest and conformance
/// vectors, scores a dataset with the consensus scorer and applies the release gates.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "An exported version directory (exported_models/<version>).", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "A .jsonl/.parquet file or a directory of them.", Required = true };
        var config = new Option<string?>("--config") { Description = "Training config: evaluate its test split with its thresholds (default: every record, the runbook's thresholds)." };
        var baseline = new Option<string?>("--baseline") { Description = "Baseline model directory or metrics JSON; regressions beyond tolerance fail." };
        var output = new Option<string?>("--output") { Description = "Write evaluation_report.txt/.html and evaluation_metrics.json here." };
        var json = SharedOptions.Json();
        var command = new Command(
            "evaluate",
            "Evaluate an exported model on a dataset with the consensus scorer and apply the release gates.\n" +
            "Exit 0 when every gate passes, 4 when one fails, 5 when the model does not match its digest or conformance vectors.\n" +
            "Example: trustscore evaluate --model output/trust_score_20260101/exported_models/v20260101_120000 --dataset synth-data --config configs/trust_score_v1.yaml --output eval/")
        {
            model, dataset, config, baseline, output, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var result = ModelEvaluation.EvaluateVersion(new ModelEvaluationOptions
            {
                ModelDir = parse.GetValue(model)!,
                DatasetPath = parse.GetValue(dataset)!,
                ConfigPath = parse.GetValue(config),
                BaselinePath = parse.GetValue(baseline),
                OutputDir = parse.GetValue(output),
            });
            bool asJson = parse.GetValue(json);
            if (asJson)
            {
                ctx.Out.Write(CanonicalJson.ToText(result.ToJson()));
            }
            else
            {
                ctx.Out.WriteLine($"model {result.Version} ({result.Root}), {result.Evaluation.Metrics.NumSamples} samples ({result.Selection} of {result.DatasetPath})");
                GateTableRenderer.Render(ctx.Out, result.Evaluation, GateTableRenderer.IsTerminal(ctx.Out));
                if (result.Reports is not null)
                {
                    ctx.Out.WriteLine($"reports: {result.Reports.TextReport}, {result.Reports.MetricsJson}, {result.Reports.HtmlReport}");
                }
            }

            if (!result.Evaluation.Passed)
            {
                ctx.Err.WriteLine($"error: the model fails the release gates ({string.Join(", ", result.Evaluation.Gates.Failed.Select(g => g.Name).Concat(result.Evaluation.Baseline?.Regressions.Select(r => r.Name + " (regressed)") ?? []))}).");
                return ExitCode.GatesFailed;
            }

            return ExitCode.Ok;
        }));
        return command;
    }
}
