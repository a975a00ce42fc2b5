using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Errors;

namespace TrustScore.Governance;

/// <summary>
/// Reads the fields a proposal needs from an exported version's <c>manifest.json</c>.
/// Deliberately small and tolerant of fields it does not use; it will be pointed at the signing
/// stage's <c>Manifest</c> type once that exists.
/// </summary>
public static class ManifestReader
{
    /// <summary>Reads <paramref name="path"/> (a manifest.json or the version directory holding one).</summary>
    /// <exception cref="BadInputException">The file is missing, not JSON, or lacks a required field.</exception>
    public static ManifestFacts Read(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "manifest.json") : path;
        if (!File.Exists(file))
        {
            throw new BadInputException($"manifest '{file}' does not exist.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"manifest '{file}' is not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject obj)
        {
            throw new BadInputException($"manifest '{file}' must be a JSON object.");
        }

        var model = Object(obj, "model", file);
        string rootDigest = String(Object(obj, "digest", file), "root", file, "digest.");
        _ = DigestText.ToHex(rootDigest);

        var files = new List<ManifestFile>();
        foreach (var item in Array(obj, "files", file))
        {
            if (item is not JsonObject f)
            {
                throw new BadInputException($"manifest '{file}': every entry of 'files' must be an object.");
            }

            files.Add(new ManifestFile(String(f, "name", file, "files[]."), String(f, "sha256", file, "files[]."), f["size"] is JsonValue size && size.TryGetValue<long>(out long n) ? n : -1));
        }

        var metrics = new List<KeyValuePair<string, double>>();
        if (obj["metrics"] is JsonObject m)
        {
            foreach (var (key, value) in m.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (value is JsonValue v && v.TryGetValue<double>(out double d))
                {
                    metrics.Add(new(key, d));
                }
            }
        }

        var gatesNode = Object(obj, "gates", file);
        bool passed = gatesNode["passed"] is JsonValue pv && pv.TryGetValue<bool>(out bool p) && p;
        var gates = new List<GateFact>();
        if (gatesNode["results"] is JsonArray results)
        {
            foreach (var r in results.OfType<JsonObject>())
            {
                gates.Add(new GateFact(
                    OptionalString(r["name"]) ?? "?",
                    Number(r["value"]),
                    Number(r["threshold"]),
                    OptionalString(r["comparison"]) ?? string.Empty,
                    r["passed"] is JsonValue gp && gp.TryGetValue<bool>(out bool g) && g));
            }
        }

        string? previousVersion = null, previousRoot = null;
        if (obj["previous"] is JsonObject previous)
        {
            previousVersion = OptionalString(previous["version"]);
            previousRoot = OptionalString(previous["root"]);
        }

        return new ManifestFacts(
            file,
            String(model, "name", file, "model."),
            String(model, "version", file, "model."),
            // model.type is optional: proposals always register a trust_score model, and a
            // manifest naming another known model type is refused by the builder.
            model["type"] is JsonValue t && t.TryGetValue<string>(out string? type) ? type : string.Empty,
            rootDigest,
            files,
            metrics,
            passed,
            gates,
            previousVersion,
            previousRoot);
    }

    private static string? OptionalString(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out string? s) ? s : null;

    private static double Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out double d) ? d : double.NaN;

    private static JsonObject Object(JsonObject obj, string key, string file) =>
        obj[key] as JsonObject ?? throw new BadInputException($"manifest '{file}' has no object '{key}'.");

    private static JsonArray Array(JsonObject obj, string key, string file) =>
        obj[key] as JsonArray ?? throw new BadInputException($"manifest '{file}' has no array '{key}'.");

    private static string String(JsonObject obj, string key, string file, string path)
    {
        if (obj[key] is JsonValue v && v.TryGetValue<string>(out string? s) && !string.IsNullOrEmpty(s))
        {
            return s;
        }

        throw new BadInputException($"manifest '{file}' has no string '{path}{key}'.");
    }
}
