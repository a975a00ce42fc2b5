using System.CommandLine;
using TrustScore.Cli.Rendering;
using TrustScore.Config;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Training;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore train</c> (runbook §1.2–1.4, §2). The dry run validates config, environment and
/// dataset and writes nothing. A real run trains, evaluates the test split with the consensus
/// scorer, writes the reports and exports (and signs) a version directory only when every gate
/// passed; otherwise it exits with the gates-failed code and exports nothing.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = SharedOptions.Json();
        var config = new Option<string>("--config") { Description = "Training config (YAML).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run every check the real run makes before training (config, trainer options, version name, output directory, key, previous version) and load the dataset; report what a run would do; write nothing." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Run output directory (default output/trust_score_YYYYMMDD, UTC)." };
        var version = new Option<string?>("--version") { Description = "Model version name (default <version_prefix>YYYYMMDD_HHMMSS, UTC), e.g. v20260101_120000." };
        var signingKey = new Option<string?>("--signing-key") { Description = "Private key file (trustscore keygen); signs the exported version." };
        var previous = new Option<string?>("--previous") { Description = "The version directory this model follows; its digest is checked and recorded in the manifest." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: determinism.intra_op_parallelism). Never changes the result." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run in --output-dir from checkpoints/last.ckpt." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress or stage messages (errors and the gate verdict still go to stderr)." };
        var command = new Command(
            "train",
            "Train the trust-score model from a config, evaluate it on the test split and export it if every release gate passes.\n" +
            "Exit 0 when exported, 4 when a gate failed (reports written, nothing exported).\n" +
            "Example: VEID_DATASET_PATH=synth-data trustscore train --config configs/trust_score_v1.yaml --signing-key keys/release.key\n" +
            "Example: VEID_DATASET_PATH=synth-data trustscore train --config configs/trust_score_v1.yaml --dry-run")
        {
            config, dryRun, outputDir, version, signingKey, previous, threads, resume, quiet, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            if (parse.GetValue(version) is { } name)
            {
                Registry.VersionName.Validate(name);
            }

            var options = new TrainingPipelineOptions
            {
                ConfigPath = parse.GetValue(config)!,
                OutputDirectory = parse.GetValue(outputDir),
                Version = parse.GetValue(version),
                SigningKeyPath = parse.GetValue(signingKey),
                PreviousVersionDir = parse.GetValue(previous),
                Threads = parse.GetValue(threads),
                Resume = parse.GetValue(resume),
            };
            if (parse.GetValue(dryRun))
            {
                return DryRun(ctx, options, parse.GetValue(json));
            }

            bool isQuiet = parse.GetValue(quiet);
            bool terminal = GateTableRenderer.IsTerminal(ctx.Err);

            // Ctrl-C stops after the current step; the last finished epoch stays resumable.
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                ctx.Err.WriteLine("stopping: the last finished epoch is checkpointed; continue with --resume and the same --output-dir.");
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var result = TrainingProgressRenderer.Run(ctx.Err, terminal, isQuiet,
                    (progress, status) => TrainingPipeline.Run(options, progress, status, TimeProvider.System, cancel.Token));
                return PipelineOutput.Render(ctx, result, parse.GetValue(json), isQuiet, terminal);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }

    private static ExitCode DryRun(CliContext ctx, TrainingPipelineOptions options, bool json)
    {
        var report = TrainingDryRun.Run(options, TimeProvider.System);
        if (json)
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
    }
}
