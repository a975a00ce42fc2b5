using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Audit;
using TrustScore.IO;
using TrustScore.Rollback;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore rollback list|current|to|previous|verify</c> (runbook §5.2 and §5.4).</summary>
internal static class RollbackCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("rollback", "List, verify and switch the active model; every switch is verified first and recorded in the audit log.\nExample: trustscore rollback list --registry artifacts/models");
        command.Subcommands.Add(List(ctx));
        command.Subcommands.Add(Current(ctx));
        command.Subcommands.Add(Switch(ctx, previous: false));
        command.Subcommands.Add(Switch(ctx, previous: true));
        command.Subcommands.Add(VerifyVersion(ctx));
        command.Subcommands.Add(RollbackProposalCommand.Create(ctx));
        return command;
    }

    private static Option<string> ActiveOption() => new("--active")
    {
        Description = "The active model pointer (a symbolic link).",
        DefaultValueFactory = _ => ActivePointer.DefaultPath,
    };

    private static RollbackService Service(CliContext ctx, ParseResult parse, Option<string> registry, Option<string> active, (Option<string?>, Option<string?>) keys, Option<string?>? actor = null, Option<string?>? auditKey = null) =>
        new(new RollbackOptions(parse.GetValue(registry)!, parse.GetValue(active)!, AuditActor.Resolve(actor is null ? null : parse.GetValue(actor)), SharedOptions.Keys(ctx, parse, keys),
            auditKey is null ? null : SharedOptions.AuditKey(parse, auditKey)), TimeProvider.System);

    private static Command List(CliContext ctx)
    {
        var registry = SharedOptions.RegistryOption();
        var active = ActiveOption();
        var keys = SharedOptions.KeyOptions();
        var json = SharedOptions.Json();
        var command = new Command("list", "Published versions, newest-published first, with digest, publish time, R2/MAE, which is active and whether each verifies.\nExample: trustscore rollback list --registry artifacts/models --json")
        {
            registry, active, keys.PublicKey, keys.TrustedKeys, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var items = Service(ctx, parse, registry, active, keys).List();
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["versions"] = new JsonArray([.. items.Select(i =>
                    {
                        var node = RegistryCommands.EntryJson(i.Entry);
                        node["active"] = i.Active;
                        node["verified"] = i.Verification.Passed;
                        return (JsonNode)node;
                    })]),
                }));
            }
            else
            {
                foreach (var i in items)
                {
                    ctx.Out.WriteLine($"{(i.Active ? "*" : " ")} {i.Entry.Version}  {RegistryCommands.ShortDigest(i.Entry.RootDigest)}  {i.Entry.PublishedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  R2={RegistryCommands.Metric(i.Entry.R2)} MAE={RegistryCommands.Metric(i.Entry.Mae)}  {(i.Verification.Passed ? "verified" : "DOES NOT VERIFY")}");
                }

                ctx.Err.WriteLine("* = active");
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }

    private static Command Current(CliContext ctx)
    {
        var registry = SharedOptions.RegistryOption();
        var active = ActiveOption();
        var keys = SharedOptions.KeyOptions();
        var json = SharedOptions.Json();
        var command = new Command("current", "The active version, its digest and a full verification (exit 5 when it does not verify).\nExample: trustscore rollback current --registry artifacts/models")
        {
            registry, active, keys.PublicKey, keys.TrustedKeys, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var current = Service(ctx, parse, registry, active, keys).Current()
                ?? throw new Errors.BadInputException($"There is no active model at '{parse.GetValue(active)}'; run 'rollback to VERSION' to activate one.");
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["version"] = current.Version,
                    ["directory"] = current.Directory,
                    ["root_digest"] = current.Verification.ComputedRoot,
                    ["verification"] = current.Verification.ToJson(),
                }));
            }
            else
            {
                ctx.Out.WriteLine($"{current.Version} {current.Verification.ComputedRoot}");
                RegistryCommands.WriteVerification(ctx.Err, current.Verification);
            }

            return current.Verification.Passed ? Errors.ExitCode.Ok : Errors.ExitCode.VerificationFailed;
        }));
        return command;
    }

    private static Command Switch(CliContext ctx, bool previous)
    {
        var version = new Argument<string>("VERSION") { Description = "The version to switch to." };
        var registry = SharedOptions.RegistryOption();
        var active = ActiveOption();
        var keys = SharedOptions.KeyOptions();
        var auditKey = SharedOptions.AuditKeyOption();
        var actor = SharedOptions.ActorOption();
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the audit log." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Verify the target and record a dry run; change nothing." };
        var json = SharedOptions.Json();
        var command = previous
            ? new Command("previous", "Switch back to the version that was active before the current one (from the audit history), after verifying it.\nExample: trustscore rollback previous --registry artifacts/models --reason \"regression in v2\"")
            : new Command("to", "Verify VERSION fully and switch the active pointer to it atomically.\nExample: trustscore rollback to v20250101_120000 --registry artifacts/models --reason \"incident 42\" --dry-run");
        if (!previous)
        {
            command.Arguments.Add(version);
        }

        foreach (var option in new Option[] { registry, active, keys.PublicKey, keys.TrustedKeys, auditKey, actor, reason, dryRun, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var result = Service(ctx, parse, registry, active, keys, actor, auditKey).Switch(
                new SwitchRequest(previous ? null : Registry.VersionName.Validate(parse.GetValue(version)), parse.GetValue(reason), parse.GetValue(dryRun)));
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["action"] = result.Action,
                    ["outcome"] = result.Outcome,
                    ["from_version"] = result.FromVersion,
                    ["from_digest"] = result.FromDigest,
                    ["to_version"] = result.ToVersion,
                    ["to_digest"] = result.ToDigest,
                    ["verification"] = result.Verification.ToJson(),
                    ["message"] = result.Message,
                }));
            }
            else
            {
                RegistryCommands.WriteVerification(ctx.Err, result.Verification);
                ctx.Err.WriteLine(result.Message);
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }

    private static Command VerifyVersion(CliContext ctx)
    {
        var version = new Argument<string>("VERSION") { Description = "The version to verify." };
        var registry = SharedOptions.RegistryOption();
        var active = ActiveOption();
        var keys = SharedOptions.KeyOptions();
        var json = SharedOptions.Json();
        var command = new Command("verify", "Verify a published version without switching (exit 5 when it does not verify).\nExample: trustscore rollback verify v20250101_120000 --registry artifacts/models")
        {
            version, registry, active, keys.PublicKey, keys.TrustedKeys, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var verification = Service(ctx, parse, registry, active, keys).Verify(Registry.VersionName.Validate(parse.GetValue(version)));
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(verification.ToJson()));
            }
            else
            {
                RegistryCommands.WriteVerification(ctx.Err, verification);
                ctx.Err.WriteLine(verification.Passed ? $"{verification.Version} verifies." : $"{verification.Version} does NOT verify.");
            }

            return verification.Passed ? Errors.ExitCode.Ok : Errors.ExitCode.VerificationFailed;
        }));
        return command;
    }
}
