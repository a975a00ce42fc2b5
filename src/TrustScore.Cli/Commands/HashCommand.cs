using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Digest;
using TrustScore.Signing;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore hash DIR [--recipe NAME]</c>: the model digest (docs/formats.md §1; replaces runbook §7.2's snippet) or the keeper hash (§1b).</summary>
internal static class HashCommand
{
    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string>("path") { Description = "The model directory (or single model file) to digest." };
        var ignore = new Option<string[]>("--ignore") { Description = "Extra path relative to the model root to skip (repeatable; openssf-files/1 only); .git, .gitattributes, .github, .gitignore are always skipped." };
        var recipe = new Option<string>("--recipe")
        {
            Description = "Which hash: openssf-files/1 (the OpenSSF root, default) or virtengine-keeper/1 (what a VirtEngine validator's keeper compares with the on-chain sha256_hash; docs/formats.md §1b).",
            DefaultValueFactory = _ => ModelHashRecipe.OpenSsfFiles,
        };
        recipe.AcceptOnlyFromAmong([.. ModelHashRecipe.All]);
        var json = SharedOptions.Json();
        var command = new Command(
            "hash",
            "Print the OpenSSF Model Signing v1.0 'files' root digest of a model directory, or another recipe's hash.\n" +
            "Example: trustscore hash artifacts/models/1.2.0/model --json\n" +
            "Example: trustscore hash artifacts/models/1.2.0/model --recipe virtengine-keeper/1")
        {
            path, ignore, recipe, json,
        };
        command.Validators.Add(result =>
        {
            // Raw tokens: GetValue would throw on a recipe name AcceptOnlyFromAmong already reports.
            string? named = result.GetResult(recipe)?.Tokens.LastOrDefault()?.Value;
            if (named == ModelHashRecipe.VirtEngineKeeper && result.GetResult(ignore) is { Tokens.Count: > 0 })
            {
                result.AddError("--ignore applies to openssf-files/1 only; the virtengine-keeper/1 recipe has a fixed skip list.");
            }
        });
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            if (parse.GetValue(recipe) == ModelHashRecipe.VirtEngineKeeper)
            {
                return PrintKeeper(ctx, parse.GetValue(path)!, parse.GetValue(json));
            }

            string[] ignored = parse.GetValue(ignore) ?? [];
            ModelDigestResult result = ModelHasher.Compute(parse.GetValue(path)!, ignored);
            if (parse.GetValue(json))
            {
                var files = new JsonArray();
                foreach (FileDigestEntry f in result.Files)
                {
                    files.Add(new JsonObject { ["name"] = f.Name, ["sha256"] = f.Sha256, ["size"] = f.Size });
                }

                ctx.Out.Write(TrustScore.IO.CanonicalJson.ToText(new JsonObject
                {
                    ["recipe"] = ModelHashRecipe.OpenSsfFiles,
                    ["root"] = result.Root,
                    ["algorithm"] = ModelDigest.Algorithm,
                    ["method"] = ModelDigest.Method,
                    ["ignore_paths"] = new JsonArray([.. ModelDigest.DefaultIgnorePaths.Concat(ignored).Select(p => (JsonNode?)p)]),
                    ["files"] = files,
                }));
            }
            else
            {
                ctx.Out.WriteLine(result.Root);
                ctx.Err.WriteLine($"{result.Files.Count} files hashed.");
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }

    private static Errors.ExitCode PrintKeeper(CliContext ctx, string path, bool json)
    {
        KeeperModelHashResult result = ModelHasher.ComputeKeeper(path);
        if (json)
        {
            ctx.Out.Write(TrustScore.IO.CanonicalJson.ToText(new JsonObject
            {
                ["recipe"] = ModelHashRecipe.VirtEngineKeeper,
                ["hash"] = result.Hash,
                ["skipped_names"] = new JsonArray([.. KeeperModelHash.SkippedFileNames.Select(n => (JsonNode?)n)]),
                ["files"] = new JsonArray([.. result.Files.Select(n => (JsonNode?)n)]),
            }));
        }
        else
        {
            ctx.Out.WriteLine(result.Hash);
            ctx.Err.WriteLine($"{result.Files.Count} files hashed ({ModelHashRecipe.VirtEngineKeeper}).");
        }

        return Errors.ExitCode.Ok;
    }
}
