using System.Net;
using System.Net.Sockets;
using System.Text;
using TrustScore.Serving;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>Stopping the service (what SIGTERM does) lets a request already in flight finish with its answer.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task ARequestInFlightWhenTheServerStops_StillGetsItsScores()
    {
        using var temp = new TempDirectory("serve-shutdown");
        var versions = new ServingVersions(temp.Path);
        versions.Publish("v1", seed: 71);
        versions.Activate("v1");
        var server = await ScoringServer.StartAsync(
            new ServeOptions { ActivePath = versions.ActivePath, Keys = versions.Keys, Urls = ["http://127.0.0.1:0"] }, TextWriter.Null, TimeProvider.System);
        try
        {
            var url = new Uri(server.Addresses[0]);
            byte[] body = Encoding.UTF8.GetBytes(ServingVersions.TfBody(ServingVersions.RandomRows(2, seed: 3), 2));
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, url.Port));
            byte[] head = Encoding.ASCII.GetBytes($"POST /v1/models/trust_score:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {body.Length}\r\n\r\n");
            await socket.SendAsync(head.Concat(body.Take(100)).ToArray());
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (server.Metrics.InFlight != 1)
            {
                Assert.True(DateTime.UtcNow < deadline, "the request never reached the handler");
                await Task.Delay(10); // until the handler is waiting for the rest of the body
            }

            Task stopping = server.StopAsync();
            await Task.Delay(200);
            Assert.False(stopping.IsCompleted, "the server stopped before its in-flight request finished");
            await socket.SendAsync(body.Skip(100).ToArray());

            var response = new StringBuilder();
            var buffer = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                response.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (response.ToString().Contains("\"root_digest\"", StringComparison.Ordinal))
                {
                    break;
                }
            }

            string text = response.ToString();
            Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
            Assert.Contains("\"predictions\":[[", text, StringComparison.Ordinal);
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
