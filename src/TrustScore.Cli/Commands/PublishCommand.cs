using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Audit;
using TrustScore.IO;
using TrustScore.Registry;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore publish</c>: verify a version directory and publish it write-once (runbook §3.1).</summary>
internal static class PublishCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "The exported version directory (model/, manifest.json, …).", Required = true };
        var registryOption = RegistryCommands.RegistryOption();
        var actor = RollbackCommands.ActorOption();
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the audit log." };
        var keys = RollbackCommands.KeyOptions();
        var auditKey = RollbackCommands.AuditKeyOption();
        var json = SharedOptions.Json();
        var command = new Command("publish",
            "Verify a version directory (digest, manifest, gates) and publish it to a write-once registry; the outcome is appended to the registry's audit log.\n" +
            "Example: trustscore publish --model artifacts/export/v20250101_120000 --registry artifacts/models --public-key keys/trustscore-signing.pub")
        {
            model, registryOption, actor, reason, keys.PublicKey, keys.TrustedKeys, auditKey, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            string location = parse.GetValue(registryOption)!;
            string who = AuditActor.Resolve(parse.GetValue(actor));
            var registry = RegistryFactory.Open(location, TimeProvider.System, who);
            var publisher = new Publisher(registry, AuditLog.Open(location).SignedWith(RollbackCommands.AuditKey(parse, auditKey)), TimeProvider.System);
            var result = publisher.Publish(new PublishOptions(parse.GetValue(model)!, who, parse.GetValue(reason), RollbackCommands.Keys(ctx, parse, keys)));
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["version"] = result.Version,
                    ["root_digest"] = result.RootDigest,
                    ["archive_digest"] = result.ArchiveDigest,
                    ["location"] = result.Location,
                    ["artifact_url"] = result.ArtifactUrl,
                    ["outcome"] = result.Outcome == PublishOutcome.Published ? "published" : "already_published_identical",
                }));
            }
            else
            {
                ctx.Err.WriteLine(result.Outcome == PublishOutcome.Published
                    ? $"Published {result.Version} ({result.RootDigest}) to {result.Location}."
                    : $"{result.Version} is already published (identical) at {result.Location}.");
                ctx.Err.WriteLine($"Archive: {result.ArtifactUrl} ({result.ArchiveDigest})");
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }
}
