using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Scoring;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore score</c>: score a file of records or vectors with a verified model version (runbook §1.4, §7.1).</summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "The version directory (model/, manifest.json); its digest and conformance vectors are verified before it scores.", Required = true };
        var input = new Option<string>("--input") { Description = "Rows to score: .jsonl/.ndjson, .csv or .parquet, of records or 768-float vectors (docs/scoring.md).", Required = true };
        var output = new Option<string?>("--output") { Description = "Where to write the scores (.csv gives CSV, otherwise JSON Lines); default stdout." };
        var threads = new Option<int>("--threads") { Description = "Scoring threads; results are bit-identical for any count.", DefaultValueFactory = _ => 1 };
        var keys = SharedOptions.KeyOptions();
        var json = SharedOptions.Json();
        var command = new Command(
            "score",
            "Score every row of a file with a verified model: one line per row with sample_id, output (decimal), output_bits (exact float32 bits) and the integer score. Bad rows are listed as file:line and nothing is written (exit 3).\n" +
            "Example: trustscore score --model artifacts/models/v20250101_120000 --input requests.jsonl --output scores.jsonl")
        {
            model, input, output, threads, keys.PublicKey, keys.TrustedKeys, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            string? outputPath = parse.GetValue(output);
            var summary = BatchScorer.Run(new ScoreOptions(
                parse.GetValue(model)!,
                parse.GetValue(input)!,
                outputPath,
                parse.GetValue(threads),
                SharedOptions.Keys(ctx, parse, keys)));
            if (summary.Output is not null)
            {
                ctx.Out.Write(System.Text.Encoding.UTF8.GetString(summary.Output));
            }
            else if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["version"] = summary.Version,
                    ["root_digest"] = summary.RootDigest,
                    ["rows"] = summary.Rows,
                    ["conformance_vectors"] = summary.ConformanceVectors,
                    ["output"] = summary.OutputPath,
                    ["output_sha256"] = summary.OutputsSha256,
                }));
            }

            ctx.Err.WriteLine($"Scored {summary.Rows} row(s) with {summary.Version} ({summary.RootDigest}; {summary.ConformanceVectors} conformance vectors reproduced){(outputPath is null ? "." : $" into {outputPath}.")}");
            return ExitCode.Ok;
        }));
        return command;
    }
}
