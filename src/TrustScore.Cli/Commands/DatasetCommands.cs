using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Config;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore dataset synth</c> and <c>trustscore dataset inspect</c> (docs/dataset-format.md).</summary>
internal static class DatasetCommands
{
    public static Command Create(CliContext ctx)
    {
        return new Command("dataset", "Generate or inspect VEID datasets.\nExample: trustscore dataset synth --out synth-data --samples 20000 --seed 42")
        {
            Synth(ctx),
            Inspect(ctx),
        };
    }

    private static Command Synth(CliContext ctx)
    {
        var json = SharedOptions.Json();
        var outDir = new Option<string>("--out") { Description = "Directory to write the data file into (created if needed).", Required = true };
        var samples = new Option<int>("--samples") { Description = "Number of records.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 42 };
        var format = new Option<string>("--format") { Description = "jsonl or parquet.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "parquet");
        var command = new Command("synth", "Generate deterministic synthetic VEID records whose label depends on the features.\nExample: trustscore dataset synth --out synth-data --samples 20000 --seed 42 --format jsonl")
        {
            outDir, samples, seed, format, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var kind = parse.GetValue(format) == "parquet" ? SyntheticFormat.Parquet : SyntheticFormat.Jsonl;
            var result = SyntheticDataset.Generate(parse.GetValue(outDir)!, parse.GetValue(samples), parse.GetValue(seed), kind);
            var node = new JsonObject
            {
                ["path"] = result.Path,
                ["samples"] = result.Samples,
                ["genuine"] = result.Genuine,
                ["sha256"] = result.Sha256,
                ["oracle_r2"] = Math.Round(result.OracleR2, 4),
                ["label_mean"] = Math.Round(result.LabelMean, 4),
                ["label_std"] = Math.Round(result.LabelStd, 4),
            };
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(node));
            }
            else
            {
                ctx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {result.Samples} records ({result.Genuine} genuine) to {result.Path}\nsha256 {result.Sha256}\nlabel mean {result.LabelMean:F2}, std {result.LabelStd:F2}; oracle R² (noise-free label vs label) {result.OracleR2:F4}"));
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Inspect(CliContext ctx)
    {
        var json = SharedOptions.Json();
        var path = new Argument<string>("PATH") { Description = "A .jsonl/.parquet file or a directory of them." };
        var config = new Option<string?>("--config") { Description = "Config whose ingestion rules apply (default: built-in upstream defaults)." };
        var baselines = new Option<bool>("--baselines") { Description = "Also fit the mean predictor and a least-squares linear model and report their test-split metrics." };
        var oracleSeed = new Option<ulong?>("--synthetic-seed") { Description = "For synthetic data: the seed it was generated with, to report the noise-free oracle's metrics." };
        var command = new Command("inspect", "Print counts, label distribution, filter and split report of a dataset.\nExample: trustscore dataset inspect synth-data --baselines --synthetic-seed 42")
        {
            path, config, baselines, oracleSeed, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            string? configPath = parse.GetValue(config);
            var settings = configPath is null
                ? ConfigLoader.Parse("{}", "(built-in defaults)", new Dictionary<string, string?>())
                : ConfigLoader.Load(configPath);
            var report = DatasetInspection.Run(parse.GetValue(path)!, settings, parse.GetValue(baselines), parse.GetValue(oracleSeed));
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
