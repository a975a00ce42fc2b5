namespace TrustScore.Registry;

/// <summary>One completely published version as recorded in its <c>metadata.json</c>.</summary>
/// <param name="Version">The version name.</param>
/// <param name="RootDigest">The model's root digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="ArchiveDigest">SHA-256 of the archive, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="PublishedAt">When it was published (UTC).</param>
/// <param name="Publisher">Who published it (user@host or --actor).</param>
/// <param name="Location">Where the version lives (a path or an s3:// URL of its folder).</param>
/// <param name="R2">Test-set R² from the manifest, when present.</param>
/// <param name="Mae">Test-set MAE from the manifest, when present.</param>
/// <param name="Problem">Why the version's metadata could not be read (the other fields are then <see cref="Unknown"/>), or null.</param>
public sealed record RegistryEntry(
    string Version,
    string RootDigest,
    string ArchiveDigest,
    DateTimeOffset PublishedAt,
    string Publisher,
    string Location,
    double? R2,
    double? Mae,
    string? Problem = null)
{
    /// <summary>The value of a field that could not be read.</summary>
    public const string Unknown = "unknown";

    /// <summary>A version listed although its metadata could not be read: every other field <see cref="Unknown"/>.</summary>
    public static RegistryEntry Unreadable(string version, string location, string problem) =>
        new(version, Unknown, Unknown, DateTimeOffset.MinValue, Unknown, location, null, null, problem);
}
