using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrustScore.Serving.Grpc;

namespace TrustScore.Serving;

/// <summary>
/// The scoring service for validators (issue 11; runbook §5.2): ASP.NET Core's Kestrel server
/// answering TensorFlow Serving REST and Open Inference Protocol v2 requests with the model the
/// active pointer names, verified before it is used and hot-swapped when the pointer moves
/// (<see cref="ActiveModelWatcher"/>). Listens on loopback unless told otherwise. Stops
/// gracefully on SIGTERM / Ctrl+C (the host's console lifetime): it stops accepting, lets
/// in-flight requests finish, then returns.
/// </summary>
public sealed class ScoringServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource watchStop;
    private readonly Task watchLoop;
    private int disposed;

    private ScoringServer(WebApplication app, ActiveModelWatcher models, ServingMetrics metrics, CancellationTokenSource watchStop, Task watchLoop, IReadOnlyList<string> addresses, IReadOnlyList<string> grpcAddresses, ReceiptIssuer? receipts)
    {
        this.app = app;
        Receipts = receipts;
        Models = models;
        Metrics = metrics;
        this.watchStop = watchStop;
        this.watchLoop = watchLoop;
        Addresses = addresses;
        GrpcAddresses = grpcAddresses;
    }

    /// <summary>The HTTP addresses actually bound (a port of 0 is replaced by the one chosen).</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The gRPC sidecar addresses actually bound (h2c); empty when it is off.</summary>
    public IReadOnlyList<string> GrpcAddresses { get; }

    /// <summary>The active-model follower (current model, manual <see cref="ActiveModelWatcher.Check"/>).</summary>
    public ActiveModelWatcher Models { get; }

    /// <summary>The counters behind <c>/metrics</c>.</summary>
    public ServingMetrics Metrics { get; }

    /// <summary>The receipt signer (<c>--receipt-key</c>), or null when the service signs no receipts.</summary>
    public ReceiptIssuer? Receipts { get; }

    /// <summary>
    /// Verifies and loads the active model, then starts listening. The server is not started when
    /// the options are unusable or the active model does not verify.
    /// </summary>
    /// <exception cref="Errors.BadInputException">An option is unusable, or there is no active pointer.</exception>
    /// <exception cref="Errors.VerificationFailedException">The active model does not verify.</exception>
    /// <exception cref="IOException">An address cannot be bound.</exception>
    public static async Task<ScoringServer> StartAsync(ServeOptions options, TextWriter log, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var metrics = new ServingMetrics();
        ReceiptIssuer? receipts = options.Receipts is { } receiptOptions ? ReceiptIssuer.Open(receiptOptions) : null;
        ActiveModelWatcher models;
        try
        {
            models = ActiveModelWatcher.Open(options, metrics, log, time);
        }
        catch
        {
            receipts?.Dispose();
            throw;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = "TrustScore.Serving",
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        var http = new List<(string Url, ListenOptions Listen)>();
        var grpc = new List<(string Url, ListenOptions Listen)>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ServingHandler.DrainLimit(options.MaxBodyBytes);
            foreach (string url in options.Urls)
            {
                Listen(kestrel, url, HttpProtocols.Http1AndHttp2, http);
            }

            foreach (string url in options.GrpcUrls)
            {
                Listen(kestrel, url, HttpProtocols.Http2, grpc); // h2c: HTTP/2 with prior knowledge, as the node dials it
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddGrpc();
        DateTimeOffset startedAt = time.GetUtcNow();
        builder.Services.AddSingleton(services => new InferenceGrpcService(
            models, metrics, time, startedAt, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping, receipts));
        WebApplication app = builder.Build();
        ServingRoutes.Map(app, new ServingHandler(models, metrics, options, time, app.Lifetime.ApplicationStopping, receipts), new ModelSnapshotFilter(models, metrics, options, time));
        if (options.GrpcUrls.Count > 0)
        {
            app.MapGrpcService<InferenceGrpcService>();
        }

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            models.Dispose();
            receipts?.Dispose();
            throw;
        }

        var watchStop = new CancellationTokenSource();
        Task loop = Task.Run(() => models.RunAsync(watchStop.Token), CancellationToken.None);
        return new ScoringServer(app, models, metrics, watchStop, loop, Bound(http), Bound(grpc), receipts);
    }

    /// <summary>Listens on one http://HOST:PORT: an IP address as given, localhost as loopback, any other name on every interface (as Kestrel does for URLs).</summary>
    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols, List<(string Url, ListenOptions Listen)> bound)
    {
        var uri = new Uri(url);
        Action<ListenOptions> configure = listen =>
        {
            listen.Protocols = protocols;
            bound.Add((url, listen));
        };
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip))
        {
            kestrel.Listen(ip, uri.Port, configure);
        }
        else if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.Listen(IPAddress.Loopback, uri.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port, configure);
        }
    }

    /// <summary>The addresses as given, with a port of 0 replaced by the one bound.</summary>
    private static string[] Bound(List<(string Url, ListenOptions Listen)> bound) =>
        [.. bound.Select(b => new UriBuilder(b.Url) { Port = b.Listen.IPEndPoint!.Port }.Uri.GetLeftPart(UriPartial.Authority))];

    /// <summary>Completes when the host is asked to stop (SIGTERM, Ctrl+C or <see cref="StopAsync"/>) and has drained.</summary>
    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    /// <summary>Stops accepting, lets in-flight requests finish (up to 10 s) and stops watching the pointer.</summary>
    public async Task StopAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await watchStop.CancelAsync().ConfigureAwait(false);
        await watchLoop.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        watchStop.Dispose();
        Models.Dispose();
        Receipts?.Dispose();
    }
}
