using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Audit;
using TrustScore.IO;
using TrustScore.Registry;
using TrustScore.Verification;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore registry list|show</c>: what is published (runbook §3).</summary>
internal static class RegistryCommands
{
    /// <summary>The <c>--registry</c> option (a directory, or s3://bucket/prefix).</summary>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("registry", "Inspect a model registry.\nExample: trustscore registry list --registry artifacts/models");
        command.Subcommands.Add(List(ctx));
        command.Subcommands.Add(Show(ctx));
        return command;
    }

    /// <summary>JSON of one entry (shared with <c>rollback list</c>).</summary>
    public static JsonObject EntryJson(RegistryEntry e)
    {
        var node = EntryFields(e);
        if (e.Problem is not null)
        {
            node["problem"] = e.Problem;
        }

        return node;
    }

    private static JsonObject EntryFields(RegistryEntry e) => new()
    {
        ["version"] = e.Version,
        ["root_digest"] = e.RootDigest,
        ["archive_digest"] = e.ArchiveDigest,
        ["published_at"] = e.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["publisher"] = e.Publisher,
        ["location"] = e.Location,
        ["r2"] = e.R2,
        ["mae"] = e.Mae,
    };

    /// <summary>Human lines of a verification, to stderr.</summary>
    public static void WriteVerification(TextWriter err, VerificationReport v)
    {
        foreach (var c in v.Checks)
        {
            err.WriteLine($"  [{(c.Passed ? "ok" : "FAIL")}] {c.Name}: {c.Detail}");
        }
    }

    /// <summary>
    /// Verifies a published version where it lives: an S3 version by downloading and re-hashing its
    /// objects (signature keys are not applied there yet), a local one by its directory.
    /// </summary>
    public static VerificationReport VerifyPublished(IRegistry registry, RegistryEntry entry, VerifyOptions? full) =>
        registry is not S3Registry s3Registry ? RegistryVerification.Verify(entry.Location, published: true, full)
            // An S3 version whose metadata.json is unreadable cannot be read back; it fails on its own, the others are still verified.
            : entry.Problem is not null ? new VerificationReport(entry.Location, entry.Version, null, [new VerificationCheck("metadata", false, entry.Problem)], FileDiff.None, [])
            : s3Registry.VerifyVersion(entry.Version).ToReport();

    public static string Metric(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "n/a";

    private static Command List(CliContext ctx)
    {
        var registryOption = SharedOptions.RegistryOption();
        var verify = new Option<bool>("--verify") { Description = "Also verify each version (digest, manifest, gates, metadata, archive; model.sig with a key)." };
        var keys = SharedOptions.KeyOptions();
        var json = SharedOptions.Json();
        var command = new Command("list", "List published versions, newest-published first.\nExample: trustscore registry list --registry artifacts/models --verify --json")
        {
            registryOption, verify, keys.PublicKey, keys.TrustedKeys, json,
        };
        var s3 = S3CommandOptions.ForReading(command);
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var registry = RegistryFactory.Open(parse.GetValue(registryOption)!, TimeProvider.System, AuditActor.Resolve(null), s3.Read(parse));
            var full = parse.GetValue(verify) ? SharedOptions.Keys(ctx, parse, keys) : null;
            var rows = registry.List()
                .Select(e => (Entry: e, Verification: parse.GetValue(verify) ? VerifyPublished(registry, e, full) : null))
                .ToList();
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["versions"] = new JsonArray([.. rows.Select(r =>
                    {
                        var node = EntryJson(r.Entry);
                        if (r.Verification is not null)
                        {
                            node["verified"] = r.Verification.Passed;
                        }

                        return (JsonNode)node;
                    })]),
                }));
            }
            else
            {
                foreach (var (e, v) in rows)
                {
                    string verified = v is null ? (e.Problem is null ? string.Empty : "  UNREADABLE") : v.Passed ? "  verified" : "  DOES NOT VERIFY";
                    ctx.Out.WriteLine($"{e.Version}  {ShortDigest(e.RootDigest)}  {e.PublishedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  R2={Metric(e.R2)} MAE={Metric(e.Mae)}  {e.Publisher}{verified}");
                }

                ctx.Err.WriteLine($"{rows.Count} published version(s) in {registry.Location}.");
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }

    /// <summary>The first 16 hex digits of a digest for a table, or the text itself when it is not a digest.</summary>
    public static string ShortDigest(string digest)
    {
        string hex = Sha256Text.Strip(digest);
        return hex.Length > 16 ? hex[..16] : hex;
    }

    private static Command Show(CliContext ctx)
    {
        var version = new Argument<string>("VERSION") { Description = "The version to show." };
        var registryOption = SharedOptions.RegistryOption();
        var verify = new Option<bool>("--verify") { Description = "Re-hash the published files and check digest, manifest, gates, metadata and archive, and model.sig with a key (exit 5 on failure)." };
        var keys = SharedOptions.KeyOptions();
        var json = SharedOptions.Json();
        var command = new Command("show", "Show one published version.\nExample: trustscore registry show v20250101_120000 --registry artifacts/models --verify")
        {
            version, registryOption, verify, keys.PublicKey, keys.TrustedKeys, json,
        };
        var s3 = S3CommandOptions.ForReading(command);
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var registry = RegistryFactory.Open(parse.GetValue(registryOption)!, TimeProvider.System, AuditActor.Resolve(null), s3.Read(parse));
            string name = Registry.VersionName.Validate(parse.GetValue(version));
            var entry = registry.Find(name) ?? throw new Errors.BadInputException($"Version '{name}' is not published in {registry.Location}.");
            VerificationReport? verification = parse.GetValue(verify) ? VerifyPublished(registry, entry, SharedOptions.Keys(ctx, parse, keys)) : null;
            if (parse.GetValue(json))
            {
                var node = EntryJson(entry);
                if (verification is not null)
                {
                    node["verification"] = verification.ToJson();
                }

                ctx.Out.Write(CanonicalJson.ToText(node));
            }
            else
            {
                ctx.Out.WriteLine($"{entry.Version}\n  digest     {entry.RootDigest}\n  archive    {entry.ArchiveDigest}\n  published  {entry.PublishedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z by {entry.Publisher}\n  metrics    R2={Metric(entry.R2)} MAE={Metric(entry.Mae)}\n  location   {entry.Location}");
                if (verification is not null)
                {
                    WriteVerification(ctx.Err, verification);
                }
            }

            return verification is { Passed: false } ? Errors.ExitCode.VerificationFailed : Errors.ExitCode.Ok;
        }));
        return command;
    }
}
