using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.Impact;
using TrustScore.IO;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore diff</c>: what changes if a version goes live — both models score the same
/// records and the integer scores are compared (docs/governance.md, "Impact report").
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliContext ctx)
    {
        var from = new Option<string>("--from") { Description = "The version directory in force now.", Required = true };
        var to = new Option<string>("--to") { Description = "The proposed version directory.", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "A .jsonl/.parquet file or a directory of them.", Required = true };
        var config = new Option<string?>("--config") { Description = "Training config: compare on its test split (default: every record)." };
        var chain = new Option<string>("--chain") { Description = "Chain profile whose score_thresholds are reported (default virtengine-mainnet)." };
        var largest = new Option<int>("--largest") { Description = "How many of the largest individual changes to list.", DefaultValueFactory = _ => 20 };
        var output = new Option<string?>("--out") { Description = "Write impact_report.txt/.json/.html here." };
        var json = SharedOptions.Json();
        var command = new Command(
            "diff",
            "Impact report: score the same records with two versions and report changed integer scores (histogram),\n" +
            "identities crossing each chain threshold (per document type, genuine/fraud), metric deltas and the largest changes.\n" +
            "Example: trustscore diff --from artifacts/models/v1 --to artifacts/models/v2 --dataset synth-data --out output/impact")
        {
            from, to, dataset, config, chain, largest, output, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            if (parse.GetValue(largest) < 0)
            {
                throw new BadInputException("--largest must be 0 or more.");
            }

            ImpactReport report = ImpactAnalysis.Run(new ImpactOptions
            {
                FromDir = parse.GetValue(from)!,
                ToDir = parse.GetValue(to)!,
                DatasetPath = parse.GetValue(dataset)!,
                ConfigPath = parse.GetValue(config),
                Chain = ChainProfileLoader.Resolve(parse.GetValue(chain)),
                LargestChanges = parse.GetValue(largest),
            });
            ImpactReportFiles? files = parse.GetValue(output) is { } dir ? ImpactReportWriter.Write(dir, report) : null;
            if (parse.GetValue(json))
            {
                JsonObject body = report.ToJson();
                if (files is not null)
                {
                    body["files"] = new JsonObject { ["text"] = files.TextReport, ["json"] = files.Json, ["html"] = files.HtmlReport, ["json_sha256"] = files.JsonSha256 };
                }

                ctx.Out.Write(CanonicalJson.ToText(body));
            }
            else
            {
                ctx.Out.Write(ImpactTextReport.Build(report));
                if (files is not null)
                {
                    ctx.Out.WriteLine($"reports: {files.TextReport}, {files.Json} (sha256 {files.JsonSha256}), {files.HtmlReport}");
                }
            }

            return ExitCode.Ok;
        }));
        return command;
    }
}
