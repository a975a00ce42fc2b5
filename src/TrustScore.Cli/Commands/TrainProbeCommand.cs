using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Training;

namespace TrustScore.Cli.Commands;

/// <summary>
/// Hidden <c>trustscore train-probe</c>: the fixed tiny training run whose weights digest is
/// pinned (docs/numerics-training.md, "Golden digest"); tests spawn it under different thread counts,
/// ISA switches and kill/resume to prove the digest never changes.
/// </summary>
internal static class TrainProbeCommand
{
    public static Command Create(CliContext ctx)
    {
        var samples = new Option<int>("--samples") { Description = "Synthetic rows (80% train, 20% validation).", DefaultValueFactory = _ => 2000 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => 3 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for data, init, shuffles and dropout.", DefaultValueFactory = _ => 42UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads (never changes the digest).", DefaultValueFactory = _ => 1 };
        var stopAfter = new Option<int?>("--stop-after-epoch") { Description = "Stop right after this epoch's checkpoint (simulates a killed run)." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Where checkpoints and logs go (default: a temporary directory, removed afterwards)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --output-dir from checkpoints/last.ckpt." };
        var quiet = new Option<bool>("--quiet") { Description = "No per-epoch lines on stderr." };
        var command = new Command("train-probe", "Run the fixed tiny training run and print its weights digest as JSON.\nExample: trustscore train-probe --samples 2000 --epochs 3 --seed 42 --threads 2")
        {
            samples, epochs, seed, threads, stopAfter, outputDir, resume, quiet,
        };
        command.Hidden = true;
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            string? dir = parse.GetValue(outputDir);
            bool resuming = parse.GetValue(resume);
            int? stopAfterEpoch = parse.GetValue(stopAfter);
            if ((resuming || stopAfterEpoch is not null) && dir is null)
            {
                throw new Errors.BadInputException("--resume and --stop-after-epoch need --output-dir.");
            }

            string runDir = dir ?? Path.Combine(Path.GetTempPath(), $"trustscore-probe-{Guid.NewGuid():N}");
            var progress = parse.GetValue(quiet) ? null : new EpochLinePrinter(ctx.Err);
            try
            {
                var result = TrainingProbe.Run(parse.GetValue(samples), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(threads),
                    runDir, stopAfterEpoch, resuming, progress, CancellationToken.None);
                var json = result is null
                    ? new JsonObject { ["stopped_after_epoch"] = stopAfterEpoch }
                    : new JsonObject { ["weights_digest"] = result.WeightsDigest(), ["epochs_run"] = result.History.Count, ["weights_epoch"] = result.WeightsEpoch };
                ctx.Out.Write(IO.CanonicalJson.ToText(json));
                return Errors.ExitCode.Ok;
            }
            finally
            {
                if (dir is null && Directory.Exists(runDir))
                {
                    Directory.Delete(runDir, recursive: true);
                }
            }
        }));
        return command;
    }

    /// <summary>One plain line per finished epoch (CI and pipes).</summary>
    private sealed class EpochLinePrinter(TextWriter err) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value)
        {
            if (value.EpochCompleted)
            {
                err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:0.0000} mae {value.Mae:0.0000} val_loss {value.ValLoss:0.0000} val_mae {value.ValMae:0.0000} lr {value.LearningRate:g4} ({value.Elapsed.TotalSeconds:0.0}s)"));
            }
        }
    }
}
