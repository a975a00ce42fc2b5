using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Registry;

/// <summary>
/// The <c>&lt;prefix&gt;/&lt;version&gt;/metadata.json</c> of an S3 registry version: written last,
/// so its presence is what makes a version published (docs/formats/s3-registry.md). Canonical JSON,
/// a superset of the local registry's <see cref="VersionMetadata"/> (same <c>format</c> and common
/// fields, so either reader reads it) adding the file list, metrics and Object Lock.
/// </summary>
/// <param name="Version">The version name.</param>
/// <param name="RootDigest">The model's root digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="ArchiveName">The reproducible archive's name inside the version, <c>trust_score_&lt;version&gt;.tar.gz</c>.</param>
/// <param name="ArchiveDigest">The archive's digest <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Files">Every object of the version (archive included) except <c>metadata.json</c> and the claim, sorted by name.</param>
/// <param name="PublishedAt">When the version was completed (UTC).</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="R2">Test-set R² copied from the manifest, when present.</param>
/// <param name="Mae">Test-set MAE copied from the manifest, when present.</param>
/// <param name="LockMode">The Object Lock mode put on every object (<c>COMPLIANCE</c>/<c>GOVERNANCE</c>), or null for an unlocked bucket.</param>
/// <param name="RetainUntil">The requested retain-until date, or null for an unlocked bucket.</param>
/// <param name="UnlockedBucketOverride">True when the operator allowed a bucket without Object Lock.</param>
public sealed record S3VersionMetadata(
    string Version,
    string RootDigest,
    string ArchiveName,
    string ArchiveDigest,
    IReadOnlyList<S3StoredObject> Files,
    DateTimeOffset PublishedAt,
    string Publisher,
    double? R2,
    double? Mae,
    string? LockMode,
    DateTimeOffset? RetainUntil,
    bool UnlockedBucketOverride)
{
    /// <summary>The value of the <c>format</c> field: the local registry's, since this is a superset of it.</summary>
    public const string FormatId = VersionMetadata.Format;

    /// <summary>The name of this file inside a version folder.</summary>
    public const string FileName = VersionMetadata.FileName;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The canonical JSON bytes of this record.</summary>
    public byte[] ToJsonBytes()
    {
        var files = new JsonArray();
        foreach (var f in Files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            files.Add(new JsonObject
            {
                ["name"] = f.Name,
                ["sha256"] = f.Sha256,
                ["size"] = f.Size,
                ["version_id"] = f.VersionId,
            });
        }

        var metrics = new JsonObject();
        if (R2 is { } r2)
        {
            metrics["r2"] = r2;
        }

        if (Mae is { } mae)
        {
            metrics["mae"] = mae;
        }

        var root = new JsonObject
        {
            ["format"] = FormatId,
            ["version"] = Version,
            ["root_digest"] = RootDigest,
            ["archive"] = ArchiveName,
            ["archive_digest"] = ArchiveDigest,
            ["files"] = files,
            ["published_at"] = FormatTime(PublishedAt),
            ["publisher"] = Publisher,
            ["metrics"] = metrics,
            ["object_lock"] = LockMode is null
                ? null
                : new JsonObject { ["mode"] = LockMode, ["retain_until"] = RetainUntil is { } until ? FormatTime(until) : null },
            ["unlocked_bucket_override"] = UnlockedBucketOverride,
        };
        return CanonicalJson.ToUtf8Bytes((JsonNode)root);
    }

    /// <summary>
    /// Parses a <c>metadata.json</c>; <paramref name="source"/> (its s3:// URL) names it in the
    /// <see cref="VerificationFailedException"/> thrown for anything malformed.
    /// </summary>
    public static S3VersionMetadata Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            var root = StrictJson.ParseNode(json.ToArray()) as JsonObject
                ?? throw new VerificationFailedException($"{source} is not a JSON object.");
            string format = RequiredString(root, "format", source);
            if (format != FormatId)
            {
                throw new VerificationFailedException($"{source} has format '{format}'; this tool reads '{FormatId}'.");
            }

            var files = new List<S3StoredObject>();
            foreach (var item in root["files"] as JsonArray ?? throw Missing("files", source))
            {
                var o = item as JsonObject ?? throw Missing("files[]", source);
                string name = RequiredString(o, "name", source);
                if (!IsSafeRelativeName(name))
                {
                    throw new VerificationFailedException($"{source} lists a file '{name}' that is not a plain relative path inside the version.");
                }

                files.Add(new S3StoredObject(
                    name,
                    RequiredString(o, "sha256", source),
                    o["size"]?.GetValue<long>() ?? throw Missing("files[].size", source),
                    o["version_id"]?.GetValue<string>()));
            }

            var metrics = root["metrics"] as JsonObject;
            var objectLock = root["object_lock"] as JsonObject;
            string? retainUntil = objectLock?["retain_until"]?.GetValue<string>();
            return new S3VersionMetadata(
                RequiredString(root, "version", source),
                RequiredString(root, "root_digest", source),
                RequiredString(root, "archive", source),
                RequiredString(root, "archive_digest", source),
                files,
                ParseTime(RequiredString(root, "published_at", source), source),
                RequiredString(root, "publisher", source),
                metrics?["r2"]?.GetValue<double>(),
                metrics?["mae"]?.GetValue<double>(),
                objectLock is null ? null : RequiredString(objectLock, "mode", source),
                retainUntil is null ? null : ParseTime(retainUntil, source),
                root["unlocked_bucket_override"]?.GetValue<bool>() ?? false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new VerificationFailedException($"{source} is not a valid registry metadata file: {ex.Message}", ex);
        }
    }

    /// <summary>True when this metadata lists the same root, archive and file bytes (publish time and object versions aside).</summary>
    public bool SameContentAs(string rootDigest, string archiveDigest, IReadOnlyList<S3StoredObject> files) =>
        string.Equals(RootDigest, rootDigest, StringComparison.OrdinalIgnoreCase)
        && string.Equals(ArchiveDigest, archiveDigest, StringComparison.OrdinalIgnoreCase)
        && Files.Count == files.Count
        && Files.OrderBy(f => f.Name, StringComparer.Ordinal).Zip(files.OrderBy(f => f.Name, StringComparer.Ordinal))
            .All(p => p.First.Name == p.Second.Name && p.First.Size == p.Second.Size
                && string.Equals(p.First.Sha256, p.Second.Sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True for a POSIX path that stays inside the version folder: no leading <c>/</c>, no empty,
    /// <c>.</c> or <c>..</c> segment, no backslash or NUL (names become local paths on read-back).
    /// </summary>
    internal static bool IsSafeRelativeName(string name) =>
        name.Length > 0
        && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Contains('\0', StringComparison.Ordinal)
        && name.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text, string source) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new VerificationFailedException($"{source} has a time '{text}' not in the form {TimeFormat}.");

    private static string RequiredString(JsonObject obj, string name, string source) =>
        obj[name]?.GetValue<string>() ?? throw Missing(name, source);

    private static VerificationFailedException Missing(string field, string source) =>
        new($"{source} lacks the field '{field}'.");
}
