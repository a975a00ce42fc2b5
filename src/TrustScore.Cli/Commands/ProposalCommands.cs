using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.IO;

namespace TrustScore.Cli.Commands;

/// <summary>
/// <c>trustscore proposal create | rollback | submit | vote | status</c> (runbook §4 and §5.3):
/// build a gov v1 proposal the chain accepts, print or run the exact chain CLI commands.
/// Each verb parses, calls one operation in <c>TrustScore.Governance</c> and renders.
/// </summary>
internal static class ProposalCommands
{
    public static Command Create(CliContext ctx) => new("proposal", "Governance proposals for the trust-score model (runbook 4, 5.3).")
    {
        CreateCommand(ctx),
        RollbackCommand(ctx),
        SubmitCommand(ctx),
        VoteCommand(ctx),
        StatusCommand(ctx),
        ProposalCheckCommand.Create(ctx),
    };

    private static Option<string> Chain() => new("--chain")
    {
        Description = "Chain profile: a name under configs/chains/ or a .yaml path (default: virtengine-mainnet).",
    };

    private static Option<bool> DryRun() => new("--dry-run") { Description = "Only print the chain CLI command(s); do not run them." };

    private static Command CreateCommand(CliContext ctx)
    {
        var manifest = new Option<string>("--manifest") { Description = "The exported version's manifest.json (or its version directory).", Required = true };
        var modelUrl = new Option<string>("--model-url") { Description = "Where validators fetch the model: registry path, file://, s3://, https:// or ipfs:// URL of trust_score_<version>.tar.gz.", Required = true };
        var chain = Chain();
        var previous = new Option<string>("--previous") { Description = "Previous version directory, for the metrics comparison." };
        var output = new Option<string>("--out") { Description = "Proposal file to write (default: proposal.json); proposal_metadata.json and submit_proposal.sh go next to it." };
        var metadataUrl = new Option<string>("--metadata-url") { Description = "Where proposal_metadata.json will be published (default: next to the model archive)." };
        var deposit = new Option<string>("--deposit") { Description = "Deposit (default: the chain's minimum deposit)." };
        var authors = new Option<string[]>("--author") { Description = "Author for the metadata (repeatable).", AllowMultipleArgumentsPerToken = false };
        var forum = new Option<string>("--forum-url") { Description = "Discussion forum URL for the metadata." };
        var s3Endpoint = new Option<string>("--s3-endpoint") { Description = "S3-compatible endpoint for an s3:// --model-url (default, or empty: AWS, region from AWS_REGION)." };
        var noFetch = new Option<bool>("--no-fetch") { Description = "Do not read an s3:// --model-url back (check its form only; recorded as not fetched)." };
        var expedited = new Option<bool>("--expedited") { Description = "Submit as an expedited proposal (SDK 0.50+)." };
        var impact = new Option<string>("--impact") { Description = "Directory of 'trustscore diff --out': links impact_report.json's SHA-256 and headline in the metadata." };
        var json = SharedOptions.Json();
        var command = new Command("create", "Verify an exported version and write proposal.json, proposal_metadata.json and submit_proposal.sh.\n" +
            "Example: trustscore proposal create --manifest artifacts/models/v20250101_120000/manifest.json --model-url s3://virtengine-ml-models/models/trust_score/v20250101_120000/trust_score_v20250101_120000.tar.gz")
        {
            manifest, modelUrl, chain, previous, output, metadataUrl, deposit, authors, forum, s3Endpoint, noFetch, expedited, impact, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var profile = ChainProfileLoader.Resolve(parse.GetValue(chain));
            string[] authorList = parse.GetValue(authors) ?? [];
            var proposal = ProposalBuilder.Create(new ProposalOptions
            {
                ManifestPath = parse.GetValue(manifest)!,
                ModelUrl = parse.GetValue(modelUrl)!,
                S3Endpoint = parse.GetValue(s3Endpoint),
                FetchS3Artifact = !parse.GetValue(noFetch),
                Profile = profile,
                PreviousVersionDirectory = parse.GetValue(previous),
                MetadataUrl = parse.GetValue(metadataUrl),
                Deposit = parse.GetValue(deposit),
                Authors = authorList.Length > 0 ? authorList : [ProposalBuilder.DefaultAuthor],
                ForumUrl = parse.GetValue(forum),
                Expedited = parse.GetValue(expedited),
                ImpactDirectory = parse.GetValue(impact),
            });
            var files = Write(proposal, parse.GetValue(output));
            Render(ctx, proposal, files, parse.GetValue(json));
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command RollbackCommand(CliContext ctx)
    {
        var registry = new Option<string>("--registry") { Description = "Local registry folder (e.g. artifacts/models).", Required = true };
        var to = new Option<string>("--to") { Description = "The older, already registered version to re-activate.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the rollback is needed (recorded in the proposal).", Required = true };
        var from = new Option<string>("--from-version") { Description = "The version being replaced (default: the most recently published other version in the registry)." };
        var chain = Chain();
        var output = new Option<string>("--out") { Description = "Proposal file to write (default: rollback_proposal.json)." };
        var metadataUrl = new Option<string>("--metadata-url") { Description = "Where proposal_metadata.json will be published." };
        var deposit = new Option<string>("--deposit") { Description = "Deposit (default: the chain's minimum deposit)." };
        var json = SharedOptions.Json();
        var command = new Command("rollback", "Write a proposal re-activating an older registered model (runbook 5.3).\n" +
            "Example: trustscore proposal rollback --registry artifacts/models --to v20240101_000000 --reason \"Score drift after v20240115\"")
        {
            registry, to, reason, from, chain, output, metadataUrl, deposit, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            Registry.VersionName.Validate(parse.GetValue(to));
            if (parse.GetValue(from) is { } fromVersion)
            {
                Registry.VersionName.Validate(fromVersion);
            }

            var profile = ChainProfileLoader.Resolve(parse.GetValue(chain));
            var proposal = ProposalBuilder.CreateRollback(
                parse.GetValue(registry)!,
                parse.GetValue(to)!,
                parse.GetValue(reason)!,
                profile,
                parse.GetValue(from),
                parse.GetValue(metadataUrl),
                deposit: parse.GetValue(deposit));
            var files = Write(proposal, parse.GetValue(output));
            Render(ctx, proposal, files, parse.GetValue(json));
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command SubmitCommand(CliContext ctx)
    {
        var file = new Argument<string>("proposal") { Description = "The proposal file (proposal.json)." };
        var from = new Option<string>("--from") { Description = "Key name or address that signs and pays the deposit.", Required = true };
        var chain = Chain();
        var dryRun = DryRun();
        var json = SharedOptions.Json();
        var command = new Command("submit", "Validate a proposal file and submit it with the chain CLI (printed; run only when the CLI is on PATH and --dry-run is not given).\n" +
            "Example: trustscore proposal submit proposal.json --from validator --dry-run")
        {
            file, from, chain, dryRun, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var profile = ChainProfileLoader.Resolve(parse.GetValue(chain));
            string path = parse.GetValue(file)!;
            ProposalValidator.ValidateFile(path, profile);
            var commandLine = ChainCommands.Submit(profile, path, parse.GetValue(from)!);
            return Execute(ctx, [commandLine], parse.GetValue(dryRun), parse.GetValue(json));
        }));
        return command;
    }

    private static Command VoteCommand(CliContext ctx)
    {
        var id = new Argument<string>("proposal-id") { Description = "The proposal id." };
        var option = new Argument<string>("option") { Description = "yes, no, abstain or no_with_veto." };
        var from = new Option<string>("--from") { Description = "Key name or address that votes.", Required = true };
        var chain = Chain();
        var dryRun = DryRun();
        var json = SharedOptions.Json();
        var command = new Command("vote", "Vote on a proposal with the chain CLI (runbook 4.3).\nExample: trustscore proposal vote 42 yes --from validator")
        {
            id, option, from, chain, dryRun, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var profile = ChainProfileLoader.Resolve(parse.GetValue(chain));
            var commandLine = ChainCommands.Vote(profile, parse.GetValue(id)!, parse.GetValue(option)!, parse.GetValue(from)!);
            return Execute(ctx, [commandLine], parse.GetValue(dryRun), parse.GetValue(json));
        }));
        return command;
    }

    private static Command StatusCommand(CliContext ctx)
    {
        var id = new Argument<string>("proposal-id") { Description = "The proposal id." };
        var chain = Chain();
        var dryRun = DryRun();
        var json = SharedOptions.Json();
        var command = new Command("status", "Query a proposal, its votes and its tally with the chain CLI (runbook 4.2-4.3).\nExample: trustscore proposal status 42")
        {
            id, chain, dryRun, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var profile = ChainProfileLoader.Resolve(parse.GetValue(chain));
            var commands = ChainCommands.Status(profile, parse.GetValue(id)!);
            return Execute(ctx, commands, parse.GetValue(dryRun), parse.GetValue(json));
        }));
        return command;
    }

    private static ProposalFiles Write(GovProposal proposal, string? output)
    {
        string path = Path.GetFullPath(output ?? proposal.FileStem + ".json");
        return ProposalWriter.Write(Path.GetDirectoryName(path)!, proposal, Path.GetFileName(path));
    }

    // Prints each command (stdout, or as JSON), then runs them unless this is a dry run.
    private static ExitCode Execute(CliContext ctx, IReadOnlyList<IReadOnlyList<string>> commands, bool dryRun, bool json)
    {
        if (json)
        {
            var list = new JsonArray();
            foreach (var c in commands)
            {
                list.Add(new JsonObject
                {
                    ["argv"] = new JsonArray([.. c.Select(a => (JsonNode?)JsonValue.Create(a))]),
                    ["command"] = ShellQuote.Join(c),
                });
            }

            ctx.Out.Write(CanonicalJson.ToText(new JsonObject { ["commands"] = list, ["dry_run"] = dryRun }));
        }
        else
        {
            foreach (var c in commands)
            {
                ctx.Out.WriteLine(ShellQuote.Join(c));
            }
        }

        if (dryRun)
        {
            ctx.Err.WriteLine("dry run: nothing was sent to the chain.");
            return ExitCode.Ok;
        }

        foreach (var c in commands)
        {
            // With --json, stdout carries only the JSON above; the chain CLI's output goes to stderr.
            ChainCli.Run(c, json ? ctx.Err : ctx.Out, ctx.Err);
        }

        return ExitCode.Ok;
    }

    internal static void Render(CliContext ctx, GovProposal proposal, ProposalFiles files, bool json)
    {
        if (json)
        {
            var node = new JsonObject
            {
                ["kind"] = proposal.Kind == ProposalKind.Rollback ? "rollback" : "register_and_activate",
                ["proposal"] = files.Proposal,
                ["metadata_file"] = files.Metadata,
                ["submit_script"] = files.SubmitScript,
                ["chain_id"] = proposal.Profile.ChainId,
                ["authority"] = proposal.Authority,
                ["model_id"] = proposal.ModelId,
                ["version"] = proposal.Version,
                ["sha256_hash"] = proposal.Sha256Hash,
                ["from_version"] = proposal.FromVersion,
                ["deposit"] = proposal.Deposit,
                ["metadata"] = proposal.Metadata,
                ["title"] = proposal.Title,
                ["artifact_check"] = proposal.Artifact is { } a
                    ? new JsonObject { ["url"] = a.Url, ["scheme"] = a.Scheme, ["content_verified"] = a.ContentVerified, ["detail"] = a.Detail }
                    : null,
            };
            ctx.Out.Write(CanonicalJson.ToText(node));
            return;
        }

        ctx.Err.WriteLine($"{proposal.Title}");
        ctx.Err.WriteLine($"  chain        {proposal.Profile.ChainId} (authority {proposal.Authority})");
        ctx.Err.WriteLine($"  model_id     {proposal.ModelId}");
        ctx.Err.WriteLine($"  sha256_hash  {proposal.Sha256Hash}");
        ctx.Err.WriteLine($"  deposit      {proposal.Deposit}");
        if (proposal.Artifact is { } artifact)
        {
            ctx.Err.WriteLine($"  artifact     {(artifact.ContentVerified ? "verified" : "NOT fetched")}: {artifact.Detail}");
        }

        ctx.Err.WriteLine($"  publish      {files.Metadata} at {proposal.MetadataUri} before submitting");
        ctx.Out.WriteLine(files.Proposal);
    }
}
