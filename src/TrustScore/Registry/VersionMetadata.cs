using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.IO;

namespace TrustScore.Registry;

/// <summary>
/// A published version's <c>metadata.json</c> (docs/formats/registry.md): written last into the
/// staged version, so a version directory without it is incomplete and never listed.
/// </summary>
/// <param name="Version">The version name.</param>
/// <param name="RootDigest">Root digest of <c>model/</c>, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Archive">File name of the reproducible archive.</param>
/// <param name="ArchiveDigest">SHA-256 of the archive bytes, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="PublishedAt">Publish time (UTC).</param>
/// <param name="Publisher">user@host or the --actor given.</param>
public sealed record VersionMetadata(
    string Version,
    string RootDigest,
    string Archive,
    string ArchiveDigest,
    DateTimeOffset PublishedAt,
    string Publisher)
{
    /// <summary>The file name inside a published version directory.</summary>
    public const string FileName = "metadata.json";

    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "trustscore.registry.metadata/1";

    /// <summary>The archive file name for <paramref name="version"/>.</summary>
    public static string ArchiveName(string version) => $"trust_score_{version}.tar.gz";

    /// <summary>Canonical JSON bytes of this record.</summary>
    public byte[] ToCanonicalJson() => CanonicalJson.ToUtf8Bytes(new JsonObject
    {
        ["format"] = Format,
        ["version"] = Version,
        ["root_digest"] = RootDigest,
        ["archive"] = Archive,
        ["archive_digest"] = ArchiveDigest,
        ["published_at"] = PublishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["publisher"] = Publisher,
    });

    /// <summary>Reads <paramref name="path"/>; a missing field or wrong format is bad input.</summary>
    public static VersionMetadata Read(string path)
    {
        JsonNode? node;
        try
        {
            node = StrictJson.ParseNode(TrustScore.Consensus.Digest.NoFollowOpen.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new Errors.BadInputException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }

        if (node is not JsonObject obj || obj["format"] is not JsonValue formatValue || formatValue.GetValueKind() != JsonValueKind.String || formatValue.GetValue<string>() != Format)
        {
            throw new Errors.BadInputException($"'{path}' is not a registry metadata file (expected format '{Format}').");
        }

        string Field(string name) => obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new Errors.BadInputException($"'{path}' has no '{name}' string field.");

        string version = Field("version");
        if (!VersionName.IsValid(version))
        {
            throw new Errors.BadInputException($"'{path}': version '{version}' is not a valid version name.");
        }

        string archive = Field("archive");
        if (archive != ArchiveName(version))
        {
            // The archive is read relative to the version directory: never a path of the file's choosing.
            throw new Errors.BadInputException($"'{path}': archive is '{archive}', expected '{ArchiveName(version)}'.");
        }

        if (!DateTimeOffset.TryParse(Field("published_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset publishedAt))
        {
            throw new Errors.BadInputException($"'{path}': published_at is not a UTC timestamp.");
        }

        return new VersionMetadata(version, Field("root_digest"), archive, Field("archive_digest"), publishedAt, Field("publisher"));
    }
}
