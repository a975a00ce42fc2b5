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
        var registryOption = SharedOptions.RegistryOption();
        var actor = SharedOptions.ActorOption();
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the audit log." };
        var keys = SharedOptions.KeyOptions();
        var auditKey = SharedOptions.AuditKeyOption();
        var json = SharedOptions.Json();
        var auditDir = new Option<string>("--audit-dir")
        {
            Description = "Where rollback_log.jsonl is kept when --registry is s3:// (a local registry keeps its own).",
            DefaultValueFactory = _ => "artifacts/models",
        };
        auditDir.Aliases.Add("--audit-log");
        var command = new Command("publish",
            "Verify a version directory (digest, manifest, gates) and publish it to a write-once registry; the outcome is appended to the registry's audit log.\n" +
            "Example: trustscore publish --model artifacts/export/v20250101_120000 --registry artifacts/models --public-key keys/trustscore-signing.pub\n" +
            "Example: trustscore publish --model artifacts/export/v20250101_120000 --registry s3://virtengine-ml-models/models/trust_score --retention-days 365")
        {
            model, registryOption, actor, reason, keys.PublicKey, keys.TrustedKeys, auditKey, json, auditDir,
        };
        var s3 = S3CommandOptions.ForPublishing(command);
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            string location = parse.GetValue(registryOption)!;
            string who = AuditActor.Resolve(parse.GetValue(actor));
            var publisher = Publisher.Open(location, who, s3.Read(parse), parse.GetValue(auditDir)!, SharedOptions.AuditKey(parse, auditKey), TimeProvider.System);
            var result = publisher.Publish(new PublishOptions(parse.GetValue(model)!, who, parse.GetValue(reason), SharedOptions.Keys(ctx, parse, keys)));
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
