using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Governance;

/// <summary>
/// Checks that a proposal's model URL points at the same model as the manifest being proposed
/// (runbook §4.1). The URL must name the registry archive <c>&lt;version&gt;/trust_score_&lt;version&gt;.tar.gz</c>
/// (docs/formats/registry.md). For a local path or <c>file://</c> URL the registry folder is read: its
/// <c>manifest.json</c> must carry the same root digest and, when the archive exists and
/// <c>metadata.json</c> records <c>archive_digest</c>, the archive's SHA-256 must match it. An
/// <c>s3://</c> URL is checked for form only (bucket name, key ending) and recorded as unverified
/// until the S3 registry code is wired in; <c>https://</c> and <c>ipfs://</c> likewise.
/// </summary>
public static partial class ArtifactChecker
{
    /// <summary>Checks <paramref name="url"/> against <paramref name="manifest"/>.</summary>
    /// <exception cref="BadInputException">The URL is malformed, of an unsupported scheme, or names another version.</exception>
    /// <exception cref="VerificationFailedException">The registry copy differs from the manifest.</exception>
    /// <param name="url">The model URL.</param>
    /// <param name="manifest">The manifest being proposed.</param>
    /// <param name="s3Endpoint">For s3:// URLs, the S3 endpoint (recorded; fetching through it awaits the S3 registry code).</param>
    public static ArtifactCheck Check(string url, ManifestFacts manifest, string? s3Endpoint = null)
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

            RequireVersionPath(url, match.Groups["key"].Value, manifest);
            string endpoint = string.Empty;
            if (s3Endpoint is not null)
            {
                if (!Uri.TryCreate(s3Endpoint, UriKind.Absolute, out var e) || (e.Scheme != "https" && e.Scheme != "http"))
                {
                    throw new BadInputException($"--s3-endpoint '{s3Endpoint}' must be an http(s) URL.");
                }

                endpoint = $" (endpoint {s3Endpoint})";
            }

            return new ArtifactCheck(url, "s3", false, $"s3 URL form checked (bucket, <version>/{expectedFile}); the object was not fetched{endpoint}.");
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
