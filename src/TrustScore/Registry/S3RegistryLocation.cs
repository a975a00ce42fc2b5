using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// Where an S3 registry lives: a bucket and an optional key prefix, written
/// <c>s3://bucket/prefix</c> (runbook §3.2; docs/formats/s3-registry.md). A version's objects sit
/// under <c>&lt;prefix&gt;/&lt;version&gt;/</c>, mirroring the local registry's layout.
/// </summary>
/// <param name="Bucket">The bucket name (3–63 lower-case letters, digits, dots and hyphens).</param>
/// <param name="Prefix">The key prefix without leading or trailing slashes; empty for the bucket root.</param>
public sealed record S3RegistryLocation(string Bucket, string Prefix)
{
    /// <summary>The URL scheme that marks an S3 registry.</summary>
    public const string Scheme = "s3://";

    /// <summary>True when <paramref name="registry"/> names an S3 registry rather than a directory.</summary>
    public static bool IsS3Url(string registry) =>
        registry.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses <c>s3://bucket[/prefix]</c>. Throws <see cref="BadInputException"/> naming what is
    /// wrong: a missing scheme, an invalid bucket name, or an empty or <c>..</c> path segment.
    /// </summary>
    public static S3RegistryLocation Parse(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!IsS3Url(registry))
        {
            throw new BadInputException($"--registry '{registry}' is not an S3 URL; expected s3://bucket/prefix.");
        }

        string rest = registry[Scheme.Length..].TrimEnd('/');
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (!IsValidBucketName(bucket))
        {
            throw new BadInputException(
                $"--registry '{registry}' has an invalid bucket name '{bucket}'; expected 3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit.");
        }

        if (prefix.Length > 0 && prefix.Split('/').Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            throw new BadInputException($"--registry '{registry}' has an empty, '.' or '..' segment in its prefix '{prefix}'.");
        }

        return new S3RegistryLocation(bucket, prefix);
    }

    /// <summary>The key prefix of every object of <paramref name="version"/>, ending in <c>/</c>.</summary>
    public string VersionPrefix(string version) => Prefix.Length == 0 ? $"{version}/" : $"{Prefix}/{version}/";

    /// <summary>The key prefix under which versions are listed, ending in <c>/</c> (empty at the bucket root).</summary>
    public string RootPrefix => Prefix.Length == 0 ? string.Empty : $"{Prefix}/";

    /// <summary>The object key of <paramref name="name"/> (a POSIX path inside the version) of <paramref name="version"/>.</summary>
    public string Key(string version, string name) => VersionPrefix(version) + name;

    /// <summary>The <c>s3://</c> URL of an object key in this bucket.</summary>
    public string UrlOf(string key) => $"{Scheme}{Bucket}/{key}";

    /// <summary>The registry as the user writes it.</summary>
    public override string ToString() => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";

    private static bool IsValidBucketName(string bucket)
    {
        if (bucket.Length is < 3 or > 63)
        {
            return false;
        }

        foreach (char c in bucket)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-'))
            {
                return false;
            }
        }

        return char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1]) && !bucket.Contains("..", StringComparison.Ordinal);
    }
}
