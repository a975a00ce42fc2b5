using System.CommandLine;
using System.Text.Json.Nodes;
using TrustScore.Audit;
using TrustScore.Rollback;
using TrustScore.Serving;

namespace TrustScore.Cli.Commands;

/// <summary><c>trustscore serve</c>: the scoring service for validators (issue 11; docs/serving.md).</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var active = new Option<string>("--active")
        {
            Description = "The active model pointer to follow (a symbolic link to <registry>/<version>).",
            DefaultValueFactory = _ => ActivePointer.DefaultPath,
        };
        var registry = new Option<string?>("--registry") { Description = "The registry the pointer must point into (default: the directory holding its target); refusals are logged to its audit log." };
        var keys = RollbackCommands.KeyOptions();
        var urls = new Option<string[]>("--urls")
        {
            Description = $"Address(es) to listen on; loopback by default. Port 0 picks a free port. (default: {ServeOptions.DefaultUrl})",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [ServeOptions.DefaultUrl],
        };
        var grpcUrls = new Option<string[]>("--grpc-urls")
        {
            Description = $"Address(es) for the VirtEngine node's gRPC sidecar (inference.v1, HTTP/2 without TLS); 'none' turns it off. (default: {ServeOptions.DefaultGrpcUrl})",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [ServeOptions.DefaultGrpcUrl],
        };
        var maxBatch = new Option<int>("--max-batch")
        {
            Description = "Most rows one request may carry; more is answered 400.",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxBatch,
        };
        var maxBody = new Option<long>("--max-body-bytes")
        {
            Description = "Largest request body in bytes; more is answered 413.",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxBodyBytes,
        };
        var poll = new Option<int>("--poll-ms")
        {
            Description = "Re-read the active pointer at least this often (milliseconds), besides file-system events.",
            DefaultValueFactory = _ => 1000,
        };
        var receiptKey = new Option<string?>("--receipt-key") { Description = "Sign an inference receipt for every score (Ed25519 PKCS#8 PEM, owner-only like signing keys); answers carry it as \"receipt\" (gRPC: receipt_json). See docs/serving.md." };
        var receiptKeyId = new Option<string?>("--receipt-key-id") { Description = "The receipts' signer_key_id (default: trustscore/ and the first 16 hex digits of the key's fingerprint)." };
        var chainId = new Option<string>("--chain-id") { Description = $"The receipts' chain_id. (default: {ReceiptOptions.DefaultChainId})", DefaultValueFactory = _ => ReceiptOptions.DefaultChainId };
        var receiptSequence = new Option<string?>("--receipt-sequence") { Description = "The durable signer-sequence file (default: <receipt-key>.sequence.json); one process at a time." };
        var actor = RollbackCommands.ActorOption();
        var json = SharedOptions.Json();
        var command = new Command("serve", "Serve the active model over TensorFlow Serving REST, the Open Inference Protocol v2 and the VirtEngine node's gRPC/HTTP sidecar protocols, verified, hot-swapped when the active pointer moves; stops on SIGTERM.\nExample: trustscore serve --active models/trust_score/active --registry artifacts/models --public-key keys/operator.pub --urls http://127.0.0.1:8501")
        {
            active, registry, keys.PublicKey, keys.TrustedKeys, urls, grpcUrls, maxBatch, maxBody, poll, receiptKey, receiptKeyId, chainId, receiptSequence, actor, json,
        };
        command.SetAction(parse => CommandRunner.Run(ctx, () =>
        {
            var options = new ServeOptions
            {
                ActivePath = parse.GetValue(active)!,
                RegistryRoot = parse.GetValue(registry),
                Keys = RollbackCommands.Keys(ctx, parse, keys),
                Urls = Addresses(parse.GetValue(urls)!),
                GrpcUrls = Addresses(parse.GetValue(grpcUrls)!) is ["none"] ? [] : Addresses(parse.GetValue(grpcUrls)!),
                MaxBatch = parse.GetValue(maxBatch),
                MaxBodyBytes = parse.GetValue(maxBody),
                PollInterval = TimeSpan.FromMilliseconds(parse.GetValue(poll)),
                Actor = AuditActor.Resolve(parse.GetValue(actor)),
                Receipts = Receipts(parse.GetValue(receiptKey), parse.GetValue(receiptKeyId), parse.GetValue(chainId)!, parse.GetValue(receiptSequence)),
            };
            var log = TextWriter.Synchronized(ctx.Err);
            var server = ScoringServer.StartAsync(options, log, TimeProvider.System).GetAwaiter().GetResult();
            try
            {
                ServedModel model = server.Models.Current;
                if (parse.GetValue(json))
                {
                    // One compact line, so a supervisor (or a test) can read the bound port as soon as it is up.
                    ctx.Out.WriteLine(new JsonObject
                    {
                        ["listening"] = new JsonArray([.. server.Addresses.Select(a => (JsonNode)a)]),
                        ["grpc"] = new JsonArray([.. server.GrpcAddresses.Select(a => (JsonNode)a)]),
                        ["model_version"] = model.Version,
                        ["root_digest"] = model.RootDigest,
                        ["receipt_signer"] = server.Receipts is { } r ? new JsonObject { ["key_id"] = r.KeyId, ["fingerprint"] = r.Fingerprint, ["first_sequence"] = r.FirstSequence } : null,
                    }.ToJsonString());
                    ctx.Out.Flush();
                }

                string grpcNote = server.GrpcAddresses.Count > 0 ? $", gRPC sidecar on {string.Join(", ", server.GrpcAddresses)}" : string.Empty;
                string receiptNote = server.Receipts is { } signer ? $"; signing receipts as {signer.KeyId} ({signer.Fingerprint[..16]}…) from sequence {signer.FirstSequence}" : string.Empty;
                log.WriteLine($"serving {model.Version} ({model.RootDigest}) on {string.Join(", ", server.Addresses)}{grpcNote}{receiptNote}; SIGTERM or Ctrl+C stops.");
                log.Flush();
                server.WaitForShutdownAsync().GetAwaiter().GetResult();
                log.WriteLine("stopped: in-flight requests finished.");
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return Errors.ExitCode.Ok;
        }));
        return command;
    }

    private static ReceiptOptions? Receipts(string? key, string? keyId, string chainId, string? sequence)
    {
        if (key is null)
        {
            return keyId is null && sequence is null
                ? null
                : throw new Errors.BadInputException("--receipt-key-id and --receipt-sequence need --receipt-key.");
        }

        return new ReceiptOptions(key, keyId, chainId, sequence);
    }

    private static string[] Addresses(string[] values) =>
        [.. values.SelectMany(u => u.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
