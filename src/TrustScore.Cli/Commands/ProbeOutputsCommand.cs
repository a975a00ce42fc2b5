using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore probe-outputs</c> (hidden): scores generated rows with a model and prints the
/// SHA-256 of the outputs, so tests can compare processes, thread counts, batch sizes and ISA
/// switches (DETERMINISM.md "How to show it").
/// </summary>
internal static class ProbeOutputsCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<FileInfo>("--model") { Description = "The model.onnx to score with.", Required = true };
        var rows = new Option<int>("--rows") { Description = "Generated rows to score.", DefaultValueFactory = _ => 1024 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generated rows.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Rows per scoring call.", DefaultValueFactory = _ => 1024 };
        var threads = new Option<int>("--threads") { Description = "Threads per scoring call.", DefaultValueFactory = _ => 1 };
        var conformance = new Option<FileInfo?>("--conformance") { Description = "A conformance.json the model must reproduce before probing." };
        var command = new Command(
            "probe-outputs",
            "Score generated rows and print output digests as JSON (diagnostic).\nExample: trustscore probe-outputs --model model/model.onnx --rows 1024 --batch 7 --threads 2")
        {
            model, rows, seed, batch, threads, conformance,
        };
        command.Hidden = true;
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            int rowCount = parse.GetValue(rows);
            int batchSize = parse.GetValue(batch);
            int threadCount = parse.GetValue(threads);
            if (rowCount < 1 || batchSize < 1 || threadCount < 1)
            {
                throw new BadInputException("--rows, --batch and --threads must each be at least 1.");
            }

            var modelFile = parse.GetValue(model)!;
            var conformanceFile = parse.GetValue(conformance);
            Scorer scorer;
            ConformanceVectors? vectors = null;
            try
            {
                if (conformanceFile is not null)
                {
                    vectors = ConformanceVectors.Parse(File.ReadAllBytes(conformanceFile.FullName));
                }

                scorer = Scorer.LoadFile(modelFile.FullName, conformance: vectors);
            }
            catch (InvalidDataException ex)
            {
                throw new BadInputException($"{modelFile.FullName}: {ex.Message}", ex);
            }
            catch (FileNotFoundException ex)
            {
                throw new BadInputException($"{ex.FileName ?? modelFile.FullName} does not exist.", ex);
            }
            catch (ModelIntegrityException ex)
            {
                throw new VerificationFailedException($"{modelFile.FullName}: {ex.Message}", ex);
            }

            // Integer scores by the rule the model's conformance.json seals, when given.
            ScoreRule rule = vectors?.Rule ?? ScoreRule.Default;
            var result = OutputProbe.Run(scorer, rowCount, parse.GetValue(seed), batchSize, threadCount, rule);
            var node = new JsonObject
            {
                ["score_rule"] = rule.Id,
                ["model_sha256"] = result.ModelSha256,
                ["rows"] = result.Rows,
                ["seed"] = result.Seed.ToString(CultureInfo.InvariantCulture),
                ["batch"] = result.Batch,
                ["threads"] = result.Threads,
                ["outputs_sha256"] = result.OutputsSha256,
                ["scores_sha256"] = result.ScoresSha256,
                ["first_output_bits"] = result.FirstOutputBits,
                ["kernel_path"] = result.KernelPath,
                ["numerics"] = NumericsContract.Version,
                ["conformance_vectors_checked"] = vectors?.Vectors.Count ?? 0,
            };
            ctx.Out.Write(TrustScore.IO.CanonicalJson.ToText(node));
            return ExitCode.Ok;
        }));
        return command;
    }
}
