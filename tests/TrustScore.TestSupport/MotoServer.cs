using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrustScore.TestSupport;

/// <summary>
/// A real S3 endpoint for tests: <c>moto_server</c> (docs/formats/s3-registry.md, "Testing"). As an xunit collection
/// fixture it uses the server that <c>.ci/run</c> started (endpoint in
/// <c>TRUSTSCORE_S3_ENDPOINT</c>) or, when that is unset, starts its own
/// <c>moto_server -H 127.0.0.1 -p &lt;free port&gt;</c> and stops it by PID on dispose.
/// <see cref="StartPrivate"/> always starts a private instance that a test may pause, kill and
/// restart. When no server can be had the constructor throws, so the tests fail with a clear
/// message instead of being skipped. Also supplies the dummy AWS credentials moto accepts.
/// </summary>
public sealed class MotoServer : IDisposable
{
    /// <summary>The environment variable holding an already-running endpoint.</summary>
    public const string EndpointVariable = "TRUSTSCORE_S3_ENDPOINT";

    /// <summary>The region every test uses.</summary>
    public const string Region = "us-east-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Queue<string> log = new();
    private readonly int port;
    private Process? process;

    /// <summary>The shared server: the CI one when <c>TRUSTSCORE_S3_ENDPOINT</c> is set, else a fresh own one.</summary>
    public MotoServer()
    {
        UseTestCredentials();
        string? external = Environment.GetEnvironmentVariable(EndpointVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            Endpoint = external.TrimEnd('/');
            var uri = new Uri(Endpoint);
            port = uri.Port;
            WaitUntilListening(uri.Host, port, owned: null);
            return;
        }

        port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        Start();
    }

    private MotoServer(int port)
    {
        UseTestCredentials();
        this.port = port;
        Endpoint = $"http://127.0.0.1:{port}";
        Start();
    }

    /// <summary>The endpoint URL, e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public string Endpoint { get; }

    /// <summary>True when this fixture started (and will stop) the server process.</summary>
    public bool OwnsProcess => process is not null;

    /// <summary>Starts a private server on a free port (not shared with other tests).</summary>
    public static MotoServer StartPrivate() => new(FreePort());

    /// <summary>Sets <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c> to moto's dummy values when unset.</summary>
    public static void UseTestCredentials()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")))
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        }
    }

    /// <summary>Freezes the owned server (SIGSTOP): connections hang as with a stalled server; state is kept.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    /// <summary>Kills the owned server (SIGKILL) and waits for it to exit; its in-memory state is lost.</summary>
    public void Kill()
    {
        var p = process ?? throw new InvalidOperationException("This MotoServer did not start its process, so it cannot stop it.");
        process = null;
        try
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        finally
        {
            p.Dispose();
        }
    }

    /// <summary>Starts the server again on the same port after <see cref="Kill"/> (empty state).</summary>
    public void Restart()
    {
        if (process is not null)
        {
            Kill();
        }

        Start();
    }

    /// <summary>Stops the owned server (a shared external one is left running).</summary>
    public void Dispose()
    {
        if (process is not null)
        {
            try
            {
                Resume();
            }
            catch (InvalidOperationException)
            {
            }

            Kill();
        }
    }

    private void Start()
    {
        var psi = new ProcessStartInfo("moto_server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }

        Process started;
        try
        {
            started = Process.Start(psi) ?? throw new InvalidOperationException("moto_server did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"The S3 tests need moto_server (moto 5.x): it is not on PATH ({ex.Message}). Install moto[server] or set {EndpointVariable} to a running S3 endpoint.", ex);
        }

        started.OutputDataReceived += (_, e) => Remember(e.Data);
        started.ErrorDataReceived += (_, e) => Remember(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        WaitUntilListening("127.0.0.1", port, started);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Enqueue(line);
            while (log.Count > 40)
            {
                log.Dequeue();
            }
        }
    }

    private void WaitUntilListening(string host, int targetPort, Process? owned)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (owned is { HasExited: true })
            {
                string tail;
                lock (log)
                {
                    tail = string.Join(Environment.NewLine, log);
                }

                throw new InvalidOperationException($"moto_server exited with code {owned.ExitCode} before listening on port {targetPort}:{Environment.NewLine}{tail}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(host, targetPort);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"No S3 server is listening at {host}:{targetPort} after {StartTimeout.TotalSeconds} s ({(owned is null ? EndpointVariable : "moto_server")}).");
    }

    private void Signal(string signal)
    {
        var p = process ?? throw new InvalidOperationException("This MotoServer did not start its process, so it cannot signal it.");
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {p.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
