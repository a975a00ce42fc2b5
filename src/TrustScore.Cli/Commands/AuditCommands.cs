using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Audit;
using TrustScore.IO;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore audit verify|show</c>: check and read the registry's hash-chained audit log (runbook §8.4).</summary>
internal static class AuditCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("audit", "Check and read the registry's audit log (rollback_log.jsonl).\nExample: trustscore audit verify --registry artifacts/models");
        command.Subcommands.Add(Verify(ctx));
        command.Subcommands.Add(Show(ctx));
        return command;
    }

    private static Command Verify(CliContext ctx)
    {
        var registry = SharedOptions.RegistryOption();
        var head = new Option<string?>("--expect-head") { Description = "A head hash printed by an earlier 'audit verify' and kept elsewhere; the log must still contain that line (protects the tail)." };
        var publicKey = new Option<string?>("--public-key") { Description = "Operator public key (PEM): every entry must carry a valid signature by it." };
        var json = SharedOptions.Json();
        var command = new Command("verify", "Re-check the hash chain; report the first edited, missing, reordered or torn line (exit 5).\nExample: trustscore audit verify --registry artifacts/models --expect-head 5a22c888… --json")
        {
            registry, head, publicKey, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var result = AuditLog.Open(parse.GetValue(registry)!).Verify(parse.GetValue(head), parse.GetValue(publicKey) is { } key ? Signing.KeyFile.ReadVerificationKey(key) : null);
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["path"] = result.Path,
                    ["valid"] = result.Valid,
                    ["entries"] = result.Entries,
                    ["head_sha256"] = result.HeadSha256,
                    ["first_bad_line"] = result.FirstBadLine,
                    ["torn_last_line"] = result.TornLastLine,
                    ["problem"] = result.Problem,
                }));
            }
            else
            {
                ctx.Err.WriteLine(result.Valid
                    ? $"{result.Path}: {result.Entries} entries, chain intact (head {result.HeadSha256 ?? "none"})."
                    : $"{result.Path}: {result.Problem}");
            }

            return result.Valid ? Errors.ExitCode.Ok : Errors.ExitCode.VerificationFailed;
        }));
        return command;
    }

    private static Command Show(CliContext ctx)
    {
        var registry = SharedOptions.RegistryOption();
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only entries at or after this UTC time (e.g. 2025-01-01 or 2025-01-01T12:00:00Z)." };
        var json = SharedOptions.Json();
        var command = new Command("show", "Print the history: who published, activated or rolled back what, when, and with what outcome.\nExample: trustscore audit show --registry artifacts/models --since 2025-01-01")
        {
            registry, since, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var from = parse.GetValue(since);
            var records = AuditLog.Open(parse.GetValue(registry)!).Read()
                .Where(r => from is null || r.Entry.Time >= from.Value.ToUniversalTime())
                .ToList();
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["entries"] = new JsonArray([.. records.Select(r => (JsonNode)new JsonObject
                    {
                        ["seq"] = r.Sequence,
                        ["time"] = r.Entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                        ["actor"] = r.Entry.Actor,
                        ["action"] = r.Entry.Action,
                        ["outcome"] = r.Entry.Outcome,
                        ["reason"] = r.Entry.Reason,
                        ["from_version"] = r.Entry.FromVersion,
                        ["from_digest"] = r.Entry.FromDigest,
                        ["to_version"] = r.Entry.ToVersion,
                        ["to_digest"] = r.Entry.ToDigest,
                        ["duration_ms"] = r.Entry.DurationMs,
                        ["message"] = r.Entry.Message,
                        ["sha256"] = r.Sha256,
                    })]),
                }));
            }
            else
            {
                foreach (var r in records)
                {
                    var e = r.Entry;
                    string move = e.FromVersion is null ? (e.ToVersion ?? "-") : $"{e.FromVersion} -> {e.ToVersion ?? "-"}";
                    ctx.Out.WriteLine($"{r.Sequence,4}  {e.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {e.Action,-17} {e.Outcome,-9} {move}  by {e.Actor}{(e.Reason is null ? string.Empty : $"  reason: {e.Reason}")}");
                }
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }
}
