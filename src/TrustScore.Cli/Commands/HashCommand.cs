using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Digest;
using TrustScore.Signing;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore hash DIR</c>: the model digest (docs/formats.md §1; replaces runbook §7.2's snippet).</summary>
internal static class HashCommand
{
    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string>("path") { Description = "The model directory (or single model file) to digest." };
        var ignore = new Option<string[]>("--ignore") { Description = "Extra path relative to the model root to skip (repeatable); .git, .gitattributes, .github, .gitignore are always skipped." };
        var json = SharedOptions.Json();
        var command = new Command(
            "hash",
            "Print the OpenSSF Model Signing v1.0 'files' root digest of a model directory.\n" +
            "Example: trustscore hash artifacts/models/1.2.0/model --json")
        {
            path, ignore, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
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
}
