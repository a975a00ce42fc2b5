using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Cli.Rendering;
using TrustScore.Evaluation;
using TrustScore.IO;
using TrustScore.Quickstart;
using TrustScore.Training;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore quickstart</c>: the whole runbook on synthetic data in one command.
/// Narration, progress and the gate tables go to stderr; stdout gets where everything is (or
/// JSON with <c>--json</c>).
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create(CliContext ctx)
    {
        var dir = new Option<string>("--dir")
        {
            Description = "Working directory. A previous quickstart directory is replaced; any other non-empty directory is refused.",
            DefaultValueFactory = _ => QuickstartOptions.DefaultDirectory,
        };
        var samples = new Option<int>("--samples")
        {
            Description = $"Synthetic records to generate (at least {QuickstartOptions.MinimumSamples}; fewer records need more --epochs to pass the gates).",
            DefaultValueFactory = _ => QuickstartOptions.DefaultSamples,
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Training epochs per version.",
            DefaultValueFactory = _ => QuickstartConfig.DefaultEpochs,
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the training checkpoints and the determinism re-export (removed at the end by default)." };
        var config = new Option<string?>("--config") { Description = "Use this training config instead of the generated one (its ${VEID_DATASET_PATH} points at the generated data)." };
        var s3Endpoint = new Option<string?>("--s3-endpoint") { Description = "Also publish to S3 at this endpoint (e.g. a local moto_server); credentials from the AWS environment variables." };
        var s3Registry = new Option<string>("--s3-registry")
        {
            Description = "The S3 registry URL used with --s3-endpoint (its bucket is created with Object Lock when missing).",
            DefaultValueFactory = _ => new QuickstartOptions().S3Registry,
        };
        var threads = new Option<int?>("--threads") { Description = "Training threads (never changes the result)." };
        var json = SharedOptions.Json();
        var command = new Command(
            "quickstart",
            "Run the whole release flow on generated synthetic data: data, dry run, train, gates, export, sign, verify, determinism, publish, retrain and publish, proposal, rollback, audit.\n" +
            "Everything goes into --dir; open evaluation_report.html and the TensorBoard logs afterwards.\n" +
            "Example: trustscore quickstart\n" +
            "Example: trustscore quickstart --dir /tmp/qs --samples 4000 --epochs 15 --s3-endpoint http://127.0.0.1:5000")
        {
            dir, samples, epochs, keep, config, s3Endpoint, s3Registry, threads, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var options = new QuickstartOptions
            {
                Directory = parse.GetValue(dir)!,
                Samples = parse.GetValue(samples),
                Epochs = parse.GetValue(epochs),
                Keep = parse.GetValue(keep),
                ConfigPath = parse.GetValue(config),
                S3Endpoint = parse.GetValue(s3Endpoint),
                S3Registry = parse.GetValue(s3Registry)!,
                Threads = parse.GetValue(threads),
                CliHost = VerifyDeterminismCommand.CliHost(),
            };
            var narrator = new StderrNarrator(ctx.Err, GateTableRenderer.IsTerminal(ctx.Err));
            var result = new QuickstartRunner(narrator, TimeProvider.System).Run(options);
            Render(ctx, result, parse.GetValue(json));
            return Errors.ExitCode.Ok;
        }));
        return command;
    }

    private static void Render(CliContext ctx, QuickstartResult r, bool json)
    {
        if (json)
        {
            ctx.Out.Write(CanonicalJson.ToText(new JsonObject
            {
                ["directory"] = r.Directory,
                ["data"] = r.DataPath,
                ["config"] = r.ConfigPath,
                ["public_key"] = r.PublicKey,
                ["private_key"] = r.PrivateKey,
                ["first_version"] = r.FirstVersion,
                ["first_version_dir"] = r.FirstVersionDir,
                ["second_version"] = r.SecondVersion,
                ["second_version_dir"] = r.SecondVersionDir,
                ["registry"] = r.Registry,
                ["active_pointer"] = r.ActivePointer,
                ["active_version"] = r.ActiveVersion,
                ["evaluation_report"] = r.EvaluationReport,
                ["tensorboard_logs"] = r.TensorBoardLogs,
                ["proposal"] = r.Proposal,
                ["rollback_proposal"] = r.RollbackProposal,
                ["audit_log"] = r.AuditLog,
                ["audit_head"] = r.AuditHead,
                ["audit_entries"] = r.AuditEntries,
                ["s3_location"] = r.S3Location,
                ["elapsed_seconds"] = Math.Round(r.Elapsed.TotalSeconds, 1),
            }));
            return;
        }

        var o = ctx.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Quickstart finished in {r.Elapsed.TotalSeconds:0} s. Everything is in {r.Directory}:"));
        o.WriteLine($"  data                 {r.DataPath}");
        o.WriteLine($"  config               {r.ConfigPath}");
        o.WriteLine($"  versions             {r.FirstVersionDir}");
        o.WriteLine($"                       {r.SecondVersionDir}");
        o.WriteLine($"  registry             {r.Registry} (audit log {r.AuditLog})");
        o.WriteLine($"  active model         {r.ActivePointer} -> {r.ActiveVersion}");
        o.WriteLine($"  proposals            {r.Proposal}, {r.RollbackProposal}");
        o.WriteLine($"  demo key             {r.PublicKey}");
        if (r.S3Location is not null)
        {
            o.WriteLine($"  S3                   {r.S3Location}");
        }

        o.WriteLine("Open next:");
        o.WriteLine($"  {r.EvaluationReport}");
        o.WriteLine($"  tensorboard --logdir {r.TensorBoardLogs}");
        o.WriteLine("Try:");
        o.WriteLine($"  trustscore verify --model {r.FirstVersionDir} --public-key {r.PublicKey}");
        o.WriteLine($"  trustscore rollback list --registry {r.Registry} --active {r.ActivePointer}");
        o.WriteLine($"  trustscore audit show --registry {r.Registry}");
    }

    /// <summary>Steps as headed lines, details indented, training progress and gate tables as <c>train</c> shows them.</summary>
    private sealed class StderrNarrator(TextWriter err, bool terminal) : IQuickstartNarrator
    {
        public void Step(int number, int total, string title)
        {
            err.WriteLine();
            err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{number}/{total}] {title}"));
            err.Flush();
        }

        public void Detail(string line)
        {
            err.WriteLine("    " + line);
            err.Flush();
        }

        public T Train<T>(Func<IProgress<EpochProgress>?, Action<string>?, T> work) => TrainingProgressRenderer.Run(err, terminal, quiet: false, work);

        public void Gates(EvaluationResult evaluation) => GateTableRenderer.Render(err, evaluation, terminal);
    }
}
