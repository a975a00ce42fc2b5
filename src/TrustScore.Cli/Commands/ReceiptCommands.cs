using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Receipts;
using TrustScore.Scoring;
using TrustScore.Signing;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore receipt verify|show</c>: check and read signed inference receipts (docs/serving.md "Inference receipts").</summary>
internal static class ReceiptCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("receipt", "Check and read signed inference receipts issued by 'serve --receipt-key'.\nExample: trustscore receipt verify receipt.json --public-key keys/receipts.pub --model artifacts/models/v20261129_010000 --features row.f32");
        command.Subcommands.Add(Verify(ctx));
        command.Subcommands.Add(Show(ctx));
        return command;
    }

    private static Command Verify(CliContext ctx)
    {
        var receipt = ReceiptArgument();
        var publicKey = new Option<string>("--public-key") { Description = "The receipt signer's Ed25519 public key (PEM), from the operator — never from the receipt.", Required = true };
        var model = new Option<string?>("--model") { Description = "The version directory that scored: its digest and conformance vectors are verified, then model_digest, model_manifest_digest, schema_digest, runtime_digest and pipeline_version are compared." };
        var features = new Option<string?>("--features") { Description = "The scored row: .f32 (768 little-endian binary32) or a one-row .jsonl/.csv/.parquet. Checks input_digest and feature_digest; with --model also recomputes the score bit for bit." };
        var json = SharedOptions.Json();
        var command = new Command(
            "verify",
            "Verify a receipt: canonical form and the node's rules, the Ed25519 signature, and with --model/--features the claims\n" +
            "(model, input, and the score recomputed bit for bit). Every wrong field is named. Exit 0 valid, 5 not, 3 bad input.\n" +
            "Example: trustscore receipt verify receipt.json --public-key keys/receipts.pub --model artifacts/models/v20261129_010000 --features row.f32")
        {
            receipt, publicKey, model, features, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            ParsedReceipt parsed = ReceiptJson.ReadFile(parse.GetValue(receipt)!);
            VerificationKey key = KeyFile.ReadVerificationKey(parse.GetValue(publicKey)!);
            VerifiedModel? verified = parse.GetValue(model) is { } dir ? VerifiedModelLoader.Load(dir) : null;
            float[]? row = parse.GetValue(features) is { } path ? ReceiptFeatures.Read(path) : null;
            ReceiptVerificationResult result = ReceiptVerifier.Verify(parsed, key, verified, row);
            if (parse.GetValue(json))
            {
                ctx.Out.Write(CanonicalJson.ToText(new JsonObject
                {
                    ["valid"] = result.Passed,
                    ["digest"] = Digest(result.Receipt, ReceiptCanonical.Digest),
                    ["problems"] = new JsonArray([.. result.Problems.Select(p => (JsonNode)new JsonObject { ["field"] = p.Field, ["message"] = p.Message })]),
                    ["confirmed"] = new JsonArray([.. result.Confirmed.Select(c => (JsonNode)c)]),
                    ["notes"] = new JsonArray([.. result.Notes.Select(n => (JsonNode)n)]),
                }));
            }
            else
            {
                foreach (string c in result.Confirmed)
                {
                    ctx.Out.WriteLine($"PASS  {c}");
                }

                foreach (ReceiptProblem p in result.Problems)
                {
                    ctx.Out.WriteLine($"FAIL  {p.Field}: {p.Message}");
                }

                foreach (string n in result.Notes)
                {
                    ctx.Out.WriteLine($"NOTE  {n}");
                }

                ctx.Out.WriteLine(result.Passed
                    ? $"receipt valid: sequence {result.Receipt.SignerSequence}, score {result.Receipt.Score}"
                    : $"RECEIPT INVALID: {string.Join(", ", result.Problems.Select(p => p.Field).Distinct())}");
            }

            return result.Passed ? ExitCode.Ok : ExitCode.VerificationFailed;
        }));
        return command;
    }

    private static Command Show(CliContext ctx)
    {
        var receipt = ReceiptArgument();
        var json = SharedOptions.Json();
        var command = new Command("show", "Print a receipt readably: every field, digests in hex, times in UTC, and its digest and context digest. Checks nothing (use 'receipt verify').\nExample: trustscore receipt show receipt.json")
        {
            receipt, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            ParsedReceipt parsed = ReceiptJson.ReadFile(parse.GetValue(receipt)!);
            InferenceReceipt r = parsed.Receipt;
            var rows = new List<(string Name, string Value)>
            {
                ("chain_id", r.ChainId), ("account_address", r.AccountAddress), ("request_id", r.RequestId),
                ("scope_ids", string.Join(", ", r.ScopeIds)), ("nonce", r.Nonce),
            };
            rows.AddRange(ReceiptRules.Digests(r).Select(d => (d.Field, Convert.ToHexStringLower(d.Value))));
            rows.AddRange(
            [
                ("pipeline_version", r.PipelineVersion),
                ("determinism_profile", $"force_cpu={r.DeterminismProfile.ForceCpu}, random_seed={r.DeterminismProfile.RandomSeed}, deterministic_ops={r.DeterminismProfile.DeterministicOps}, inter_op_threads={r.DeterminismProfile.InterOpThreads}, intra_op_threads={r.DeterminismProfile.IntraOpThreads}, disable_gpu={r.DeterminismProfile.DisableGpu}"),
                ("score", r.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("status", r.Status),
                ("confidence", $"{r.ConfidenceMillionths} millionths ({r.ConfidenceMillionths / 1e4:0.####} %)"),
                ("reason_codes", string.Join(", ", r.ReasonCodes)),
                ("issued", $"height {r.IssuedHeight}, {ReceiptJson.FormatTime(r.IssuedAtUnix)}"),
                ("expires", $"height {r.ExpiresHeight}, {ReceiptJson.FormatTime(r.ExpiresAtUnix)}"),
                ("signer", $"{r.SignerKeyId}, fingerprint {r.SignerFingerprint}, sequence {r.SignerSequence}"),
                ("signature", Convert.ToBase64String(r.Signature)),
                ("digest", Digest(r, ReceiptCanonical.Digest)),
                ("context_digest", Digest(r, ReceiptCanonical.ContextDigest)),
            ]);
            if (parse.GetValue(json))
            {
                var obj = new JsonObject();
                foreach ((string name, string value) in rows)
                {
                    obj[name] = value;
                }

                obj["form_problems"] = new JsonArray([.. parsed.FormProblems.Select(p => (JsonNode)p.ToString())]);
                ctx.Out.Write(CanonicalJson.ToText(obj));
            }
            else
            {
                foreach ((string name, string value) in rows)
                {
                    ctx.Out.WriteLine($"{name,-24} {value}");
                }

                foreach (ReceiptProblem p in parsed.FormProblems)
                {
                    ctx.Out.WriteLine($"{"not canonical",-24} {p}");
                }
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static Argument<string> ReceiptArgument() => new("RECEIPT") { Description = "The receipt: a receipt object (.json), or a whole service response that holds one under \"receipt\"." };

    // A receipt whose strings are not printable ASCII has no sign bytes; say so instead of failing.
    private static string Digest(InferenceReceipt r, Func<InferenceReceipt, byte[]> digest)
    {
        try
        {
            return Convert.ToHexStringLower(digest(r));
        }
        catch (ArgumentException)
        {
            return "none (a string field is not printable ASCII)";
        }
    }
}
