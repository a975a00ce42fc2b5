using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TrustScore.TestSupport;

/// <summary>
/// Writes small exported version directories for registry and rollback tests: model/ (a real tiny
/// model.onnx whose output bias is derived from the payload text, so each payload is a different
/// model, its conformance.json, feature_schema.json), manifest.json and export_metadata.json.
/// The manifest's digests are computed here with plain SHA-256 by the FORMATS.md §1 recipe,
/// independently of the code under test.
/// </summary>
public static class VersionDirectoryFixture
{
    /// <summary>Writes <c>&lt;parent&gt;/&lt;version&gt;</c> and returns its path; <paramref name="conformanceOverride"/> seals other conformance vectors into the manifest (a model that fails its own vectors).</summary>
    public static string Write(string parent, string version, string modelPayload, bool gatesPassed = true, double r2 = 0.91, double mae = 3.2, byte[]? conformanceOverride = null)
    {
        string dir = Path.Combine(parent, version);
        Directory.CreateDirectory(Path.Combine(dir, "model"));
        byte[] payloadHash = SHA256.HashData(Encoding.UTF8.GetBytes(modelPayload));
        var (onnx, conformance) = ModelFixtures.TinyModel(0.05f + (BitConverter.ToUInt16(payloadHash, 0) / 65536f));
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["conformance.json"] = conformanceOverride ?? conformance,
            ["feature_schema.json"] = Encoding.UTF8.GetBytes("{\"version\":\"veid-768-v1\"}\n"),
            ["model.onnx"] = onnx,
        };
        using var root = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var list = new JsonArray();
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(dir, "model", name), bytes);
            byte[] digest = SHA256.HashData(bytes);
            root.AppendData(digest);
            list.Add(new JsonObject { ["name"] = name, ["sha256"] = Convert.ToHexStringLower(digest), ["size"] = bytes.Length });
        }

        var manifest = FullManifest.Create(
            "trust_score",
            version,
            "sha256:" + Convert.ToHexStringLower(root.GetHashAndReset()),
            list,
            new Dictionary<string, double> { ["r2"] = r2, ["mae"] = mae },
            gatesPassed,
            keeperHash: KeeperHashOracle.Of(Path.Combine(dir, "model")));
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString() + "\n");
        File.WriteAllText(Path.Combine(dir, "export_metadata.json"), "{\"exported_at\":\"2025-01-01T00:00:00Z\"}\n");
        return dir;
    }

    /// <summary>The root digest the fixture wrote into <paramref name="versionDirectory"/>'s manifest.</summary>
    public static string ManifestRoot(string versionDirectory) =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(versionDirectory, "manifest.json")))!["digest"]!["root"]!;

    /// <summary>Flips one bit of <paramref name="path"/> (clearing its read-only bit first).</summary>
    public static void FlipBit(string path, int byteIndex = 0)
    {
        File.SetAttributes(path, FileAttributes.Normal);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[byteIndex] ^= 0x01;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.WriteAllBytes(path, bytes);
    }
}
