using System.Security.Cryptography;
using System.Text;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

/// <summary>
/// Exported version directories for the S3 tests. <c>model/</c> is the OpenSSF golden directory
/// (golden-vectors.md), optionally plus one <c>weights.bin</c>; the expected root digest is worked
/// out here from the written spec (SHA-256 over the file digests in component order), not by the
/// code under test.
/// </summary>
internal static class S3TestVersions
{
    /// <summary>The golden files in component order; <c>weights.bin</c> sorts after all of them.</summary>
    private static readonly string[] GoldenNames = ["d0/f00", "d0/f01", "d0/f02", "d1/f10", "d1/f11", "d1/f12", "f0", "f1", "f2", "f3"];

    /// <summary>
    /// Writes <c>&lt;parent&gt;/&lt;version&gt;</c>; <paramref name="weights"/> (when given) becomes
    /// <c>model/weights.bin</c>. Returns the directory and its expected root digest.
    /// </summary>
    public static (string Directory, string Root) Write(string parent, string version, byte[]? weights = null, double r2 = 0.91, double mae = 3.5, bool gatesPassed = true, string? manifestRoot = null)
    {
        string dir = Path.Combine(parent, version);
        string model = Path.Combine(dir, "model");
        ModelFixtures.WriteOpenSsfGolden(model);
        string root = ModelFixtures.OpenSsfGoldenRoot;
        if (weights is not null)
        {
            File.WriteAllBytes(Path.Combine(model, "weights.bin"), weights);
            using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (string name in GoldenNames)
            {
                all.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Combine(model, name))));
            }

            all.AppendData(SHA256.HashData(weights));
            root = Convert.ToHexStringLower(all.GetHashAndReset());
        }

        var files = new System.Text.Json.Nodes.JsonArray();
        foreach (string name in weights is null ? GoldenNames : [.. GoldenNames, "weights.bin"])
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(model, name));
            files.Add(new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["size"] = bytes.Length });
        }

        string manifest = FullManifest.Create(
            "trust_score",
            version,
            "sha256:" + (manifestRoot ?? root),
            files,
            new Dictionary<string, double> { ["mae"] = mae, ["r2"] = r2 },
            gatesPassed,
            keeperHash: KeeperHashOracle.Of(model)).ToJsonString();
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, "export_metadata.json"), "{\"exporter\":\"test\"}\n", new UTF8Encoding(false));
        return (dir, "sha256:" + root);
    }

    /// <summary><paramref name="length"/> bytes from a seeded generator (content only, never compared to a golden).</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A bucket name no other test uses.</summary>
    public static string NewBucketName() => $"ts-{Guid.NewGuid():N}";
}
