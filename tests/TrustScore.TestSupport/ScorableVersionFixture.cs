using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustScore.TestSupport;

/// <summary>
/// A version directory that can really score: <see cref="ModelFixtures.WriteVersionDirectory"/>
/// with the caller's <c>model.onnx</c> and <c>conformance.json</c> bytes, and the manifest's file
/// list and root recomputed here with plain SHA-256 (the model folder is flat, so the OpenSSF
/// "files" order is ordinal order) — independently of the code under test.
/// </summary>
public static class ScorableVersionFixture
{
    /// <summary>Writes <c>&lt;parent&gt;/&lt;version&gt;</c> holding the given model and conformance bytes; returns its path.</summary>
    public static string Write(string parent, string version, byte[] modelOnnx, byte[] conformanceJson)
    {
        string dir = ModelFixtures.WriteVersionDirectory(parent, version);
        File.WriteAllBytes(Path.Combine(dir, "model", "model.onnx"), modelOnnx);
        File.WriteAllBytes(Path.Combine(dir, "model", "conformance.json"), conformanceJson);
        Reseal(dir);
        return dir;
    }

    /// <summary>Rewrites manifest.json's <c>files</c>, <c>digest.root</c> and <c>keeper_hash</c> to match what model/ now holds.</summary>
    public static void Reseal(string versionDir)
    {
        string modelDir = Path.Combine(versionDir, "model");
        var files = new JsonArray();
        var concatenated = new List<byte>();
        foreach (string file in Directory.GetFiles(modelDir).Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(file);
            byte[] digest = SHA256.HashData(bytes);
            concatenated.AddRange(digest);
            files.Add(new JsonObject { ["name"] = Path.GetFileName(file), ["sha256"] = Convert.ToHexStringLower(digest), ["size"] = bytes.Length });
        }

        string manifestPath = Path.Combine(versionDir, "manifest.json");
        var manifest = (JsonObject)JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["files"] = files;
        manifest["digest"]!["root"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData([.. concatenated]));
        manifest["keeper_hash"]!["hash"] = KeeperHashOracle.Of(modelDir);
        File.WriteAllText(manifestPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
