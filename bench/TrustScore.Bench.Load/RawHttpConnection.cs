using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TrustScore.Bench.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends a prebuilt request and reads the answer by its
/// Content-Length — the way wrk does it, so the load generator costs the shared 2 cores as
/// little as possible (HttpClient spends several times more CPU per request than this).
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly Socket socket;
    private readonly byte[] buffer = new byte[1 << 16];

    private RawHttpConnection(Socket socket) => this.socket = socket;

    public static async Task<RawHttpConnection> ConnectAsync(Uri url)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(url.Host), url.Port)).ConfigureAwait(false);
        return new RawHttpConnection(socket);
    }

    /// <summary>The request bytes for a POST (JSON unless told otherwise); <paramref name="extraHeaders"/> are whole "Name: value\r\n" lines.</summary>
    public static byte[] PostRequest(Uri url, string path, byte[] body, string contentType = "application/json", string extraHeaders = "")
    {
        byte[] head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: {url.Host}:{url.Port}\r\nContent-Type: {contentType}\r\n{extraHeaders}Content-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole response; returns its status code.</summary>
    public async Task<int> SendAsync(byte[] request)
    {
        int sent = 0;
        while (sent < request.Length)
        {
            sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
        }

        int length = 0;
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer.AsSpan(0, length))) < 0)
        {
            length += await Receive(length).ConfigureAwait(false);
        }

        string head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
        int status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        int contentLength = 0;
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line.AsSpan(15).Trim(), provider: System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        int bodyStart = headerEnd + 4;
        long remaining = bodyStart + contentLength - length;
        while (remaining > 0)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the server closed the connection mid-response");
            }

            remaining -= read;
        }

        return status;
    }

    public void Dispose() => socket.Dispose();

    private async Task<int> Receive(int offset)
    {
        if (offset == buffer.Length)
        {
            throw new IOException("response headers larger than 64 KiB");
        }

        int read = await socket.ReceiveAsync(buffer.AsMemory(offset), SocketFlags.None).ConfigureAwait(false);
        return read > 0 ? read : throw new IOException("the server closed the connection");
    }

    private static int IndexOfHeaderEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);
}
