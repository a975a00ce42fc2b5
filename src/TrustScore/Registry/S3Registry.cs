using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// The production registry: a write-once S3 bucket/prefix with Object Lock (runbook §3.2, §8.3;
/// docs/formats/s3-registry.md). Keys are <c>&lt;prefix&gt;/&lt;version&gt;/…</c>, mirroring the
/// local registry. Every object is created with <c>If-None-Match: *</c>, a SHA-256 checksum and an
/// Object Lock retention; after upload every object is read back and the root digest recomputed,
/// because an S3 server (moto, for one) may store bytes it never checked. <c>metadata.json</c> is
/// written last: a version without it is incomplete, is never listed, and a later publish resumes it.
/// </summary>
public sealed partial class S3Registry : IRegistry, IDisposable
{
    /// <summary>
    /// The first object of every version: the content it will hold. A second publisher of different
    /// content finds it (412) and stops before writing anything.
    /// </summary>
    public const string ClaimFileName = "publish_claim.json";

    private readonly S3RegistryOptions options;
    private readonly AmazonS3Client client;
    private readonly TimeProvider time;
    private readonly S3Retry retry;
    private readonly string publisher;

    /// <summary>Builds a registry over <paramref name="options"/> (validated here); time from <paramref name="timeProvider"/>.</summary>
    public S3Registry(S3RegistryOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        time = timeProvider ?? TimeProvider.System;
        client = S3ClientFactory.Create(options.Endpoint, options.Region, options.RequestTimeout);
        retry = new S3Retry(options.MaxAttempts, options.RetryBaseDelay, options.RequestTimeout, EndpointName, time);
        publisher = string.IsNullOrWhiteSpace(options.Publisher) ? $"{Environment.UserName}@{Environment.MachineName}" : options.Publisher;
    }

    /// <inheritdoc/>
    public string Location => options.Location.ToString();

    /// <summary>Bucket and prefix of this registry.</summary>
    public S3RegistryLocation RegistryLocation => options.Location;

    private string Bucket => options.Location.Bucket;

    private string EndpointName => options.Endpoint ?? $"AWS S3 ({S3ClientFactory.ResolveRegion(options.Region)})";

    /// <inheritdoc/>
    public PublishResult Publish(string versionDirectory, string version, CancellationToken cancellationToken = default) =>
        PublishAsync(versionDirectory, version, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public IReadOnlyList<RegistryEntry> List(CancellationToken cancellationToken = default) =>
        ListAsync(cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public RegistryEntry? Find(string version, CancellationToken cancellationToken = default) =>
        FindAsync(version, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Downloads every object of a published <paramref name="version"/>, re-hashes it and recomputes
    /// the root digest (<c>registry show VERSION --verify</c>). Throws <see cref="BadInputException"/>
    /// when the version is not (completely) published.
    /// </summary>
    public S3VersionVerification VerifyVersion(string version, CancellationToken cancellationToken = default) =>
        VerifyVersionAsync(version, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Every completely published version, newest-published first. A version whose metadata.json
    /// cannot be read is listed too, with its <see cref="RegistryEntry.Problem"/> and unknown fields
    /// (as the local registry does): one tampered object never hides the other versions.
    /// </summary>
    public Task<IReadOnlyList<RegistryEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        Guard("list versions", async () =>
        {
            var entries = new List<RegistryEntry>();
            foreach (string version in await ListVersionNamesAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var metadata = await TryGetMetadataAsync(version, cancellationToken).ConfigureAwait(false);
                    if (metadata is not null)
                    {
                        entries.Add(ToEntry(metadata));
                    }
                }
                catch (VerificationFailedException ex)
                {
                    entries.Add(RegistryEntry.Unreadable(version, options.Location.UrlOf(options.Location.VersionPrefix(version)), ex.Message));
                }
            }

            return (IReadOnlyList<RegistryEntry>)entries
                .OrderByDescending(e => e.PublishedAt)
                .ThenByDescending(e => e.Version, StringComparer.Ordinal)
                .ToList();
        });

    /// <summary>One published version, or null when it does not exist or is incomplete.</summary>
    public Task<RegistryEntry?> FindAsync(string version, CancellationToken cancellationToken = default)
    {
        VersionName.Validate(version);
        return Guard($"find version {version}", async () =>
        {
            var metadata = await TryGetMetadataAsync(version, cancellationToken).ConfigureAwait(false);
            return metadata is null ? null : ToEntry(metadata);
        });
    }

    /// <summary>The published metadata of <paramref name="version"/>, or null when it is absent (incomplete or never published).</summary>
    public S3VersionMetadata? FindMetadata(string version, CancellationToken cancellationToken = default)
    {
        VersionName.Validate(version);
        return Guard($"read metadata of {version}", () => TryGetMetadataAsync(version, cancellationToken)).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The current bytes of the object <paramref name="key"/> in this registry's bucket (a small
    /// file published beside a version, such as a proposal's off-chain metadata), or null when absent.
    /// </summary>
    public byte[]? TryGetObject(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Guard($"read {key}", () => TryGetBytesAsync(key, cancellationToken)).GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public void Dispose() => client.Dispose();

    private RegistryEntry ToEntry(S3VersionMetadata metadata) => new(
        metadata.Version,
        metadata.RootDigest,
        metadata.ArchiveDigest,
        metadata.PublishedAt,
        metadata.Publisher,
        options.Location.UrlOf(options.Location.VersionPrefix(metadata.Version)),
        metadata.R2,
        metadata.Mae);

    private async Task<IReadOnlyList<string>> ListVersionNamesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string root = options.Location.RootPrefix;
        string? token = null;
        do
        {
            var page = await retry.RunAsync(
                $"ListObjectsV2 s3://{Bucket}/{root}",
                t => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = root, Delimiter = "/", ContinuationToken = token }, t),
                cancellationToken).ConfigureAwait(false);
            foreach (string prefix in page.CommonPrefixes ?? [])
            {
                string name = prefix[root.Length..].TrimEnd('/');
                if (VersionName.IsValid(name))
                {
                    names.Add(name);
                }
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return names;
    }


    /// <summary>
    /// Runs one registry operation and turns an S3 failure nobody handled (access denied, a missing
    /// bucket, no credentials) into one sentence with the remote-failure exit code.
    /// </summary>
    private async Task<T> Guard<T>(string what, Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            throw new BadInputException($"S3 bucket '{Bucket}' does not exist at {EndpointName}.", ex);
        }
        catch (AmazonServiceException ex)
        {
            throw new RemoteFailedException(
                $"S3 refused to {what} in {Location} at {EndpointName}: {ex.ErrorCode ?? ((int)ex.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)} {ex.Message}", ex);
        }
        catch (AmazonClientException ex)
        {
            throw new RemoteFailedException($"could not {what} in {Location} at {EndpointName}: {S3Retry.Describe(ex)}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteFailedException($"could not {what} in {Location} at {EndpointName}: {S3Retry.Describe(ex)}", ex);
        }
    }
}
