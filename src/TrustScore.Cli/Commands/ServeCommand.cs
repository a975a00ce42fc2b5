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
        var actor = RollbackCommands.ActorOption();
        var json = SharedOptions.Json();
        var command = new Command("serve", "Serve the active model over TensorFlow Serving REST, the Open Inference Protocol v2 and the VirtEngine node's gRPC/HTTP sidecar protocols, verified, hot-swapped when the active pointer moves; stops on SIGTERM.\nExample: trustscore serve --active models/trust_score/active --registry artifacts/models --public-key keys/operator.pub --urls http://127.0.0.1:8501")
        {
            active, registry, keys.PublicKey, keys.TrustedKeys, urls, grpcUrls, maxBatch, maxBody, poll, actor, json,
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
                    }.ToJsonString());
                    ctx.Out.Flush();
                }

                string grpcNote = server.GrpcAddresses.Count > 0 ? $", gRPC sidecar on {string.Join(", ", server.GrpcAddresses)}" : string.Empty;
                log.WriteLine($"serving {model.Version} ({model.RootDigest}) on {string.Join(", ", server.Addresses)}{grpcNote}; SIGTERM or Ctrl+C stops.");
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

    private static string[] Addresses(string[] values) =>
        [.. values.SelectMany(u => u.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
