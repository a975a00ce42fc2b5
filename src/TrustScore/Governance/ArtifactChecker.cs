using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Registry;

namespace TrustScore.Governance;

/// <summary>
/// Checks that a proposal's model URL points at the same model as the manifest being proposed
/// (runbook §4.1). The URL must name the registry archive <c>&lt;version&gt;/trust_score_&lt;version&gt;.tar.gz</c>
/// (docs/formats/registry.md). For a local path or <c>file://</c> URL the registry folder is read: its
/// <c>manifest.json</c> must carry the same root digest and, when the archive exists and
/// <c>metadata.json</c> records <c>archive_digest</c>, the archive's SHA-256 must match it. For an
/// <c>s3://</c> URL the S3 registry it lies in is read the same way: the version's
/// <c>metadata.json</c> must be there (the version completely published) with the same root digest,
/// and the archive object's bytes must hash to its <c>archive_digest</c> — what validators will
/// download. With fetching turned off, and for <c>https://</c> and <c>ipfs://</c>, the URL is checked
/// for form only and recorded as not fetched.
/// </summary>
public static partial class ArtifactChecker
{
    /// <summary>Checks <paramref name="url"/> against <paramref name="manifest"/>.</summary>
    /// <exception cref="BadInputException">The URL is malformed, of an unsupported scheme, or names another version.</exception>
    /// <exception cref="VerificationFailedException">The registry copy differs from the manifest, or is not (completely) published.</exception>
    /// <exception cref="RemoteFailedException">The S3 server could not be read.</exception>
    /// <param name="url">The model URL.</param>
    /// <param name="manifest">The manifest being proposed.</param>
    /// <param name="s3Endpoint">For s3:// URLs, an S3-compatible endpoint; null or empty for AWS.</param>
    /// <param name="fetchS3">Read the s3:// registry back (false: check the URL's form only).</param>
    public static ArtifactCheck Check(string url, ManifestFacts manifest, string? s3Endpoint = null, bool fetchS3 = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        string expectedFile = ArchiveName(manifest.Version);
        if (url.StartsWith("s3://", StringComparison.Ordinal))
        {
            var match = S3Pattern().Match(url);
            if (!match.Success)
            {
                throw new BadInputException($"--model-url '{url}' is not an s3://bucket/key URL with a valid bucket name.");
            }

            string key = match.Groups["key"].Value;
            RequireVersionPath(url, key, manifest);
            string? endpoint = string.IsNullOrWhiteSpace(s3Endpoint) ? null : s3Endpoint;
            if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var e) || (e.Scheme != "https" && e.Scheme != "http")))
            {
                throw new BadInputException($"--s3-endpoint '{endpoint}' must be an http(s) URL.");
            }

            if (fetchS3)
            {
                return CheckS3(url, match.Groups["bucket"].Value, key, manifest, endpoint);
            }

            return new ArtifactCheck(url, "s3", false, $"s3 URL form checked (bucket, <version>/{expectedFile}); the object was not fetched (--no-fetch){(endpoint is null ? string.Empty : $" (endpoint {endpoint})")}.");
        }

        if (url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("ipfs://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                throw new BadInputException($"--model-url '{url}' is not a valid URL.");
            }

            if (uri.Scheme == "https")
            {
                RequireVersionPath(url, uri.AbsolutePath.TrimStart('/'), manifest);
            }

            return new ArtifactCheck(url, uri.Scheme, false, $"{uri.Scheme} URL recorded; its content was not fetched.");
        }

        if (Regex.IsMatch(url, "^[a-zA-Z][a-zA-Z0-9+.-]*://") && !url.StartsWith("file://", StringComparison.Ordinal))
        {
            throw new BadInputException($"--model-url '{url}' has an unsupported scheme; use a registry path, file://, s3://, https:// or ipfs://.");
        }

        return CheckLocal(url, manifest);
    }

    /// <summary>The registry archive name of <paramref name="version"/>.</summary>
    public static string ArchiveName(string version) => $"trust_score_{version}.tar.gz";

    private static ArtifactCheck CheckLocal(string url, ManifestFacts manifest)
    {
        string path = url.StartsWith("file://", StringComparison.Ordinal) ? new Uri(url).LocalPath : url;
        path = Path.GetFullPath(path);
        string versionDir = Path.GetDirectoryName(path)!;
        RequireVersionPath(url, Path.GetFileName(versionDir) + "/" + Path.GetFileName(path), manifest);

        string registryManifest = Path.Combine(versionDir, "manifest.json");
        if (!File.Exists(registryManifest))
        {
            throw new VerificationFailedException($"--model-url '{url}' is not in a registry version folder: '{registryManifest}' does not exist.");
        }

        var published = ManifestFacts.Read(registryManifest);
        if (!Sha256Text.Same(published.RootDigest, manifest.RootDigest))
        {
            throw new VerificationFailedException($"the registry copy behind --model-url '{url}' has root digest {published.RootDigest}, but the manifest being proposed has {manifest.RootDigest}.");
        }

        string? recorded = ArchiveDigestOf(Path.Combine(versionDir, "metadata.json"));
        if (!File.Exists(path))
        {
            return new ArtifactCheck(url, "file", true, $"registry manifest {registryManifest} has the same root digest; the archive itself is not present.");
        }

        if (recorded is null)
        {
            return new ArtifactCheck(url, "file", true, $"registry manifest {registryManifest} has the same root digest; metadata.json records no archive_digest to compare the archive with.");
        }

        string actual = Sha256Text.HexOfFile(path);

        if (!Sha256Text.Same(recorded, actual))
        {
            throw new VerificationFailedException($"archive '{path}' has SHA-256 {actual}, but the registry's metadata.json records archive_digest {recorded}.");
        }

        return new ArtifactCheck(url, "file", true, $"registry manifest has the same root digest and the archive's SHA-256 matches metadata.json (sha256:{actual}).");
    }

    private static ArtifactCheck CheckS3(string url, string bucket, string key, ManifestFacts manifest, string? endpoint)
    {
        // The registry is the folder above <version>/: s3://bucket/<prefix>.
        string prefix = key[..^(manifest.Version.Length + 1 + ArchiveName(manifest.Version).Length)].TrimEnd('/');
        string registryUrl = prefix.Length == 0 ? $"s3://{bucket}" : $"s3://{bucket}/{prefix}";
        string where = endpoint is null ? string.Empty : $" (endpoint {endpoint})";
        using var registry = new S3Registry(new S3ConnectionOptions(endpoint).ToRegistryOptions(registryUrl, publisher: "proposal create"), TimeProvider.System);
        var metadata = registry.FindMetadata(manifest.Version)
            ?? throw new VerificationFailedException($"--model-url '{url}': version {manifest.Version} is not (completely) published in the S3 registry {registryUrl}{where}; publish it first, or pass --no-fetch to propose without reading it back.");
        if (!Sha256Text.Same(metadata.RootDigest, manifest.RootDigest))
        {
            throw new VerificationFailedException($"the S3 registry copy behind --model-url '{url}' has root digest {metadata.RootDigest}, but the manifest being proposed has {manifest.RootDigest}.");
        }

        byte[] archive = registry.TryGetObject(key)
            ?? throw new VerificationFailedException($"--model-url '{url}': the archive object does not exist{where}, though metadata.json lists version {manifest.Version}.");
        string actual = Convert.ToHexStringLower(SHA256.HashData(archive));
        if (!Sha256Text.Same(metadata.ArchiveDigest, actual))
        {
            throw new VerificationFailedException($"the archive at --model-url '{url}' has SHA-256 {actual}, but the S3 registry's metadata.json records archive_digest {metadata.ArchiveDigest}.");
        }

        return new ArtifactCheck(url, "s3", true, $"S3 registry metadata.json has the same root digest and the archive object's SHA-256 matches it (sha256:{actual}){where}.");
    }

    private static string? ArchiveDigestOf(string metadataPath)
    {
        if (!File.Exists(metadataPath))
        {
            return null;
        }

        try
        {
            return StrictJson.ParseNode(File.ReadAllBytes(metadataPath)) is JsonObject obj
                && obj["archive_digest"] is JsonValue v && v.TryGetValue<string>(out string? s) && !string.IsNullOrEmpty(s)
                ? s
                : null;
        }
        catch (JsonException ex)
        {
            throw new VerificationFailedException($"registry metadata '{metadataPath}' is not valid JSON: {ex.Message}", ex);
        }
    }

    // The URL must end in <version>/trust_score_<version>.tar.gz for the version being proposed, so a
    // proposal cannot point validators at another release by mistake.
    private static void RequireVersionPath(string url, string key, ManifestFacts manifest)
    {
        string expected = manifest.Version + "/" + ArchiveName(manifest.Version);
        if (!(key == expected || key.EndsWith("/" + expected, StringComparison.Ordinal)))
        {
            throw new BadInputException($"--model-url '{url}' does not end in '{expected}' (the registry archive of version {manifest.Version}).");
        }
    }

    [GeneratedRegex("^s3://(?<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(?<key>[^\\s]+)$")]
    private static partial Regex S3Pattern();
}
