using System.CommandLine;
using TrustScore.Cli.Rendering;
using TrustScore.Training;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore export</c> (runbook §1.4): re-exports a checkpoint of an existing training run.
/// The run's config and dataset are re-loaded and must match its records; the checkpoint is
/// evaluated on the test split and exported only if every gate passes.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var runDir = new Option<string>("--run-dir") { Description = "The output directory of a 'trustscore train' run.", Required = true };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A checkpoint file (default: the run's checkpoints/final.ckpt, the weights train evaluated)." };
        var version = new Option<string>("--version") { Description = "The version to export, e.g. v20260101_120000.", Required = true };
        var signingKey = new Option<string?>("--signing-key") { Description = "Private key file; signs the exported version." };
        var previous = new Option<string?>("--previous") { Description = "The version directory this model follows." };
        var config = new Option<string?>("--config") { Description = "The run's config (default: the file recorded in training_config.json); its digest must match the run." };
        var json = SharedOptions.Json();
        var command = new Command(
            "export",
            "Re-export a training run's checkpoint as a version directory (evaluated first; exported only if every gate passes).\n" +
            "The same checkpoint always gives a byte-identical model/.\n" +
            "Example: trustscore export --run-dir output/trust_score_20260101 --checkpoint output/trust_score_20260101/checkpoints/model_012_23.1234.ckpt --version v20260101_130000")
        {
            runDir, checkpoint, version, signingKey, previous, config, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var options = new CheckpointExportOptions
            {
                RunDirectory = parse.GetValue(runDir)!,
                CheckpointPath = parse.GetValue(checkpoint),
                Version = Registry.VersionName.Validate(parse.GetValue(version)),
                SigningKeyPath = parse.GetValue(signingKey),
                PreviousVersionDir = parse.GetValue(previous),
                ConfigPath = parse.GetValue(config),
            };
            var result = TrainingPipeline.ExportCheckpoint(options, line => ctx.Err.WriteLine(line), TimeProvider.System);
            return PipelineOutput.Render(ctx, result, parse.GetValue(json), quiet: false, GateTableRenderer.IsTerminal(ctx.Err));
        }));
        return command;
    }
}
