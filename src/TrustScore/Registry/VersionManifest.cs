using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustScore.Registry;

/// <summary>The fields of a version's <c>manifest.json</c> that the registry reads (FORMATS.md §2).</summary>
/// <param name="Name">model.name.</param>
/// <param name="Version">model.version.</param>
/// <param name="RootDigest">digest.root (<c>sha256:&lt;hex&gt;</c>).</param>
/// <param name="Files">files[]: name (relative to <c>model/</c>), sha256, size.</param>
/// <param name="R2">metrics.r2, when present.</param>
/// <param name="Mae">metrics.mae, when present.</param>
/// <param name="GatesPassed">gates.passed, or null when absent.</param>
public sealed record VersionManifest(
    string? Name,
    string? Version,
    string? RootDigest,
    IReadOnlyList<(string Name, string Sha256, long? Size)> Files,
    double? R2,
    double? Mae,
    bool? GatesPassed)
{
    /// <summary>The manifest file name inside a version directory.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Reads <c>&lt;versionDirectory&gt;/manifest.json</c>; a missing or malformed file is bad input.</summary>
    public static VersionManifest Read(string versionDirectory)
    {
        string path = Path.Combine(versionDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new Errors.BadInputException($"'{path}' does not exist; a version directory needs a manifest.json.");
        }

        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new Errors.BadInputException($"'{path}' is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new Errors.BadInputException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }

        var files = new List<(string, string, long?)>();
        if (obj["files"] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonObject f && f["name"]?.GetValueKind() == JsonValueKind.String && f["sha256"]?.GetValueKind() == JsonValueKind.String)
                {
                    long? size = f["size"]?.GetValueKind() == JsonValueKind.Number ? f["size"]!.GetValue<long>() : null;
                    files.Add(((string)f["name"]!, (string)f["sha256"]!, size));
                }
                else
                {
                    throw new Errors.BadInputException($"'{path}' has a files[] entry without a string 'name' and 'sha256'.");
                }
            }
        }

        return new VersionManifest(
            String(obj["model"]?["name"]),
            String(obj["model"]?["version"]),
            String(obj["digest"]?["root"]),
            files,
            Number(obj["metrics"]?["r2"]),
            Number(obj["metrics"]?["mae"]),
            obj["gates"]?["passed"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? obj["gates"]!["passed"]!.GetValue<bool>() : null);
    }

    private static string? String(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? (string?)node : null;

    private static double? Number(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>() : null;
}
