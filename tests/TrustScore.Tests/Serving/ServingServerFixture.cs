using TrustScore.Serving;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>One real server on a free loopback port over a registry with v1 active (shared by the protocol tests).</summary>
public sealed class ServingServerFixture : IAsyncLifetime
{
    public const int MaxBatch = 8;
    public const long MaxBodyBytes = 256 * 1024;

    private readonly TempDirectory temp = new("serve-protocol");

    internal ServingVersions Versions { get; private set; } = null!;

    public ScoringServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public StringWriter Log { get; } = new();

    public async Task InitializeAsync()
    {
        Versions = new ServingVersions(temp.Path);
        Versions.Publish("v1", seed: 11);
        Versions.Activate("v1");
        Server = await ScoringServer.StartAsync(
            new ServeOptions
            {
                ActivePath = Versions.ActivePath,
                RegistryRoot = Versions.Registry,
                Keys = Versions.Keys,
                Urls = ["http://127.0.0.1:0"],
                MaxBatch = MaxBatch,
                MaxBodyBytes = MaxBodyBytes,
            },
            TextWriter.Synchronized(Log),
            TimeProvider.System);
        Client = new HttpClient { BaseAddress = new Uri(Server.Addresses[0]) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        temp.Dispose();
    }
}
