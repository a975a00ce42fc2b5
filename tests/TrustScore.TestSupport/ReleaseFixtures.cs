using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TrustScore.TestSupport;

/// <summary>
/// Exported version directories laid out as a registry publishes them
/// (<c>&lt;registry&gt;/&lt;version&gt;/{model/, manifest.json, metadata.json, trust_score_&lt;version&gt;.tar.gz}</c>),
/// for the governance and rollback tests. The manifest's root digest is computed here
/// independently of the code under test: the model folder is flat, so the OpenSSF "files" order is
/// plain ordinal order, and the root is SHA-256 over the concatenated file digests.
/// </summary>
public static class ReleaseFixtures
{
    /// <summary>Metrics of a model that passes every release gate.</summary>
    public static IReadOnlyDictionary<string, double> PassingMetrics { get; } = new Dictionary<string, double>
    {
        ["r2"] = 0.912,
        ["mae"] = 4.25,
        ["rmse"] = 5.8,
        ["accuracy_5"] = 0.71,
        ["accuracy_10"] = 0.88,
        ["accuracy_20"] = 0.97,
        ["p95"] = 12.1,
        ["mean_error"] = 0.3,
    };

    /// <summary>Writes version <paramref name="version"/> into <paramref name="registry"/>; returns its directory.</summary>
    public static string WriteVersion(
        string registry,
        string version,
        bool gatesPassed = true,
        string? previousVersion = null,
        string? previousRoot = null,
        IReadOnlyDictionary<string, double>? metrics = null,
        string name = "trust_score",
        string modelType = "trust_score")
    {
        string versionDir = Path.Combine(registry, version);
        string modelDir = Path.Combine(versionDir, "model");
        Directory.CreateDirectory(modelDir);
        File.WriteAllText(Path.Combine(modelDir, "model.onnx"), $"onnx bytes of {version}");
        File.WriteAllText(Path.Combine(modelDir, "conformance.json"), $"{{\"version\":\"{version}\"}}");
        File.WriteAllText(Path.Combine(modelDir, "feature_schema.json"), "{\"schema\":\"v1\"}");

        var files = new JsonArray();
        foreach (string file in Directory.GetFiles(modelDir).Order(StringComparer.Ordinal))
        {
            files.Add(new JsonObject
            {
                ["name"] = Path.GetFileName(file),
                ["sha256"] = Sha256Hex(File.ReadAllBytes(file)),
                ["size"] = new FileInfo(file).Length,
            });
        }

        string root = "sha256:" + RootOf(modelDir);
        var manifest = FullManifest.Create(
            name,
            version,
            root,
            files,
            metrics ?? PassingMetrics,
            gatesPassed,
            new JsonArray(Gate("r2", 0.912, 0.85, ">=", true), Gate("mae", gatesPassed ? 4.25 : 9.5, 8, "<=", gatesPassed)),
            previousVersion is null ? null : (previousVersion, previousRoot ?? string.Empty),
            modelType,
            keeperHash: KeeperHashOracle.Of(modelDir));
        File.WriteAllText(Path.Combine(versionDir, "manifest.json"), manifest.ToJsonString());

        byte[] archive = Encoding.UTF8.GetBytes($"reproducible archive of {version}");
        File.WriteAllBytes(Path.Combine(versionDir, ArchiveName(version)), archive);
        var metadata = new JsonObject
        {
            ["format"] = "trustscore.registry.metadata/1",
            ["version"] = version,
            ["root_digest"] = root,
            ["archive"] = ArchiveName(version),
            ["archive_digest"] = "sha256:" + Sha256Hex(archive),
            ["published_at"] = "2025-01-01T00:00:00.000Z",
            ["publisher"] = "fixtures@test",
        };
        File.WriteAllText(Path.Combine(versionDir, "metadata.json"), metadata.ToJsonString());
        return versionDir;
    }

    /// <summary>The registry archive name of <paramref name="version"/>.</summary>
    public static string ArchiveName(string version) => $"trust_score_{version}.tar.gz";

    /// <summary>Root digest (hex) of a flat model directory, computed independently.</summary>
    public static string RootOf(string flatModelDir)
    {
        using var all = new MemoryStream();
        foreach (string file in Directory.GetFiles(flatModelDir).Order(StringComparer.Ordinal))
        {
            all.Write(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return Sha256Hex(all.ToArray());
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Rewrites one field of a version's manifest.json.</summary>
    public static void EditManifest(string versionDir, Action<JsonObject> edit)
    {
        string path = Path.Combine(versionDir, "manifest.json");
        var node = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    /// <summary>A fake chain CLI named <paramref name="binary"/> in <paramref name="dir"/> that appends each argument, one per line, to $FAKE_CHAIN_LOG.</summary>
    public static string WriteFakeChainCli(string dir, string binary = "virtengine")
    {
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, binary);
        File.WriteAllText(path, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$FAKE_CHAIN_LOG\"; done\nprintf '%s\\n' '---' >> \"$FAKE_CHAIN_LOG\"\necho '{\"fake\":true}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static JsonObject Gate(string name, double value, double threshold, string comparison, bool passed) => new()
    {
        ["name"] = name,
        ["value"] = value,
        ["threshold"] = threshold,
        ["comparison"] = comparison,
        ["margin"] = Math.Abs(value - threshold),
        ["passed"] = passed,
    };
}
