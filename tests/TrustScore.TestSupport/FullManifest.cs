using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TrustScore.TestSupport;

/// <summary>
/// A manifest.json with every field docs/formats.md §2–3 and the one manifest reader
/// (<c>TrustScore.Signing.Manifest</c>) require, written from the documented field names — so
/// fixtures of every stage produce manifests that the one reader accepts. Callers supply what
/// their tests are about (version, files, root, metrics, gates); the rest gets fixed valid values.
/// </summary>
public static class FullManifest
{
    /// <summary>The manifest as a JSON object.</summary>
    /// <param name="name">model.name.</param>
    /// <param name="version">model.version.</param>
    /// <param name="root">digest.root, <c>sha256:&lt;hex&gt;</c>.</param>
    /// <param name="files">files[]: {name, sha256, size} in canonical order.</param>
    /// <param name="metrics">metrics.</param>
    /// <param name="gatesPassed">gates.passed.</param>
    /// <param name="gateResults">gates.results (each {name, value, threshold, comparison, margin, passed}); default one r2 gate whose numbers agree with <paramref name="gatesPassed"/>.</param>
    /// <param name="previous">previous {version, root}, or null.</param>
    /// <param name="modelType">model.type.</param>
    /// <param name="featureSchemaSha256">feature_schema.sha256 (hex); default the SHA-256 of "feature schema".</param>
    /// <param name="keeperHash">keeper_hash.hash (hex, <see cref="KeeperHashOracle"/> of model/); default the SHA-256 of "keeper", for manifests whose directory is never verified.</param>
    /// <param name="scoreRule">numerics.score_rule; default the node's truncation rule.</param>
    public static JsonObject Create(
        string name,
        string version,
        string root,
        JsonArray files,
        IReadOnlyDictionary<string, double> metrics,
        bool gatesPassed,
        JsonArray? gateResults = null,
        (string Version, string Root)? previous = null,
        string modelType = "trust_score",
        string? featureSchemaSha256 = null,
        string? keeperHash = null,
        string scoreRule = "trustscore-score/1:truncate:0-100")
    {
        var metricNode = new JsonObject();
        foreach (var (key, value) in metrics)
        {
            metricNode[key] = value;
        }

        // Every manifest carries r2, mae and rmse; a fixture that names fewer gets valid defaults.
        foreach (var (key, value) in new Dictionary<string, double> { ["mae"] = 3.2, ["r2"] = 0.91, ["rmse"] = 4.1 })
        {
            metricNode[key] ??= value;
        }

        // The verdict is recomputed from value and threshold, so the default gate's numbers agree with it.
        double r2 = gatesPassed ? 0.91 : 0.5;
        gateResults ??=
        [
            new JsonObject { ["name"] = "r2", ["value"] = r2, ["threshold"] = 0.85, ["comparison"] = ">=", ["margin"] = r2 - 0.85, ["passed"] = gatesPassed },
        ];

        var manifest = new JsonObject
        {
            ["schema"] = "trustscore.manifest/v1",
            ["model"] = new JsonObject { ["name"] = name, ["version"] = version, ["type"] = modelType },
            ["digest"] = new JsonObject
            {
                ["algorithm"] = "sha256",
                ["method"] = "files",
                ["root"] = root,
                ["ignore_paths"] = new JsonArray(".git", ".gitattributes", ".github", ".gitignore"),
            },
            ["keeper_hash"] = new JsonObject { ["recipe"] = "virtengine-keeper/1", ["hash"] = keeperHash ?? Hex("keeper") },
            ["files"] = files,
            ["io"] = new JsonObject
            {
                ["input"] = new JsonObject { ["name"] = "features", ["dtype"] = "float32", ["shape"] = new JsonArray(-1, 768) },
                ["output"] = new JsonObject { ["name"] = "trust_score", ["dtype"] = "float32", ["shape"] = new JsonArray(-1, 1) },
            },
            ["feature_schema"] = new JsonObject { ["version"] = "1.0.0", ["sha256"] = featureSchemaSha256 ?? Hex("feature schema") },
            ["config"] = new JsonObject { ["version"] = "cfg-1", ["sha256"] = Hex("config") },
            ["dataset"] = new JsonObject
            {
                ["version"] = "ds-1",
                ["sha256"] = Hex("dataset manifest"),
                ["split_commitment"] = Hex("split"),
                ["salt_commitment"] = Hex("salt"),
            },
            ["training"] = new JsonObject { ["seed"] = 42 },
            ["numerics"] = new JsonObject { ["contract"] = "numerics/v1", ["score_rule"] = scoreRule },
            ["metrics"] = metricNode,
            ["gates"] = new JsonObject { ["passed"] = gatesPassed, ["results"] = gateResults },
            ["toolchain"] = new JsonObject { ["dotnet"] = "10.0.0" },
        };
        if (previous is { } p)
        {
            manifest["previous"] = new JsonObject { ["version"] = p.Version, ["root"] = p.Root };
        }

        return manifest;
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
