using System.CommandLine;
using TrustScore.Config;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore train</c> (runbook §1.2–1.3). The dry run validates config, environment and
/// dataset and writes nothing; a real run is not wired to the trainer yet.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = SharedOptions.Json();
        var config = new Option<string>("--config") { Description = "Training config (YAML).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate config, environment and dataset; report what a run would do; write nothing." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Run output directory (default output/trust_score_YYYYMMDD)." };
        var version = new Option<string?>("--version") { Description = "Model version name, e.g. v20260101_120000." };
        var command = new Command("train", "Train the trust-score model from a config.\nExample: VEID_DATASET_PATH=synth-data trustscore train --config configs/trust_score_v1.yaml --dry-run")
        {
            config, dryRun, outputDir, version, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            if (!parse.GetValue(dryRun))
            {
                ctx.Err.WriteLine("error: training is not wired yet; only 'trustscore train --config FILE --dry-run' works in this build.");
                return ExitCode.Usage;
            }

            var report = TrainingDryRun.Run(parse.GetValue(config)!, parse.GetValue(outputDir), TimeProvider.System);
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(report.ToJson()));
            }
            else
            {
                foreach (string line in report.ToLines())
                {
                    ctx.Err.WriteLine(line);
                }
            }

            return ExitCode.Ok;
        }));
        return command;
    }
}
