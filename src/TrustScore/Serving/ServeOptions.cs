using TrustScore.Errors;
using TrustScore.Verification;

namespace TrustScore.Serving;

/// <summary>
/// How <c>trustscore serve</c> runs (issue 11; runbook §5.2 "validators switch immediately"):
/// which active pointer to follow, where its registry is, which operator key every model must be
/// signed with, where to listen and how much one request may carry. Validated once by
/// <see cref="Validate"/> before the server starts.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>Default listen address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8501";

    /// <summary>Default gRPC sidecar address of <c>trustscore serve</c>: where the VirtEngine node looks for it (h2c, loopback).</summary>
    public const string DefaultGrpcUrl = "http://127.0.0.1:50051";

    /// <summary>Default largest batch (rows) one request may carry.</summary>
    public const int DefaultMaxBatch = 1024;

    /// <summary>Default largest request body: 16 MiB (1,024 rows of 768 numbers need about 10 MiB of JSON).</summary>
    public const long DefaultMaxBodyBytes = 16L * 1024 * 1024;

    /// <summary>The active pointer to follow (a symbolic link to <c>&lt;registry&gt;/&lt;version&gt;</c>).</summary>
    public required string ActivePath { get; init; }

    /// <summary>The registry the pointer must point into; null means the directory holding the pointer's target.</summary>
    public string? RegistryRoot { get; init; }

    /// <summary>Operator keys for the signature check; null serves without checking model.sig (a note is printed).</summary>
    public VerifyOptions? Keys { get; init; }

    /// <summary>Addresses to listen on (Kestrel URLs; port 0 picks a free port).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>
    /// Addresses for the gRPC sidecar (<c>inference.v1.InferenceService</c>, HTTP/2 without TLS);
    /// empty turns it off. The CLI defaults to <see cref="DefaultGrpcUrl"/>; this type defaults to off,
    /// so an embedding host (or a test) opens only the ports it asks for.
    /// </summary>
    public IReadOnlyList<string> GrpcUrls { get; init; } = [];

    /// <summary>Most rows one request may carry; more is a 400.</summary>
    public int MaxBatch { get; init; } = DefaultMaxBatch;

    /// <summary>Largest request body in bytes; more is a 413.</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>How often the pointer is re-read even when no file-system event arrived.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How to sign inference receipts; null signs none (docs/serving.md "Receipts from the service").</summary>
    public ReceiptOptions? Receipts { get; init; }

    /// <summary>Who runs the server, for audit entries (user@host).</summary>
    public string Actor { get; init; } = "serve";

    /// <summary>Throws <see cref="BadInputException"/> naming the first unusable option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ActivePath))
        {
            throw new BadInputException("--active must name the active model pointer.");
        }

        if (MaxBatch is < 1 or > 65536)
        {
            throw new BadInputException($"--max-batch is {MaxBatch}; it must be between 1 and 65536.");
        }

        if (MaxBodyBytes is < 1024 or > 1L << 30)
        {
            throw new BadInputException($"--max-body-bytes is {MaxBodyBytes}; it must be between 1024 and 1073741824.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new BadInputException("The poll interval must be positive.");
        }

        if (Urls.Count == 0)
        {
            throw new BadInputException("--urls must name at least one address.");
        }

        foreach (string url in Urls)
        {
            CheckUrl("--urls", url, DefaultUrl);
        }

        foreach (string url in GrpcUrls)
        {
            CheckUrl("--grpc-urls", url, DefaultGrpcUrl);
        }
    }

    private static void CheckUrl(string option, string url, string example)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
        {
            throw new BadInputException($"{option}: '{url}' is not an http:// URL with only a host and port, such as {example}.");
        }
    }
}
