using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Signing;

public sealed class ManifestTests : IDisposable
{
    private readonly TempDirectory temp = new("manifest");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Parse_FixtureWrittenFromTheDocumentedFieldNames_IsValid()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);

        Manifest manifest = Manifest.Read(VersionLayout.ManifestPath(dir));

        Assert.Empty(manifest.Validate());
        Assert.Equal("1.2.0", manifest.Model.Version);
        Assert.Equal(ModelDigest.Compute(VersionLayout.ModelPath(dir)).Root, manifest.Digest.Root);
        Assert.Equal(["conformance.json", "feature_schema.json", "model.onnx"], manifest.Files.Select(f => f.Name));
        Assert.Equal(0.91, manifest.Metrics["r2"]);
        Assert.Equal(2, manifest.Gates.Results.Count);
        Assert.Equal(42, manifest.Training["seed"].GetInt32());
        Assert.Equal("1.1.0", manifest.Previous!.Version);
    }

    [Fact]
    public void CanonicalBytes_HaveSortedKeysAndTheDocumentedFieldNames()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        Manifest manifest = Manifest.Read(VersionLayout.ManifestPath(dir));

        string text = Encoding.UTF8.GetString(manifest.ToCanonicalBytes());
        JsonObject node = JsonNode.Parse(text)!.AsObject();

        Assert.Equal(
            ["config", "dataset", "digest", "feature_schema", "files", "gates", "io", "keeper_hash", "metrics", "model", "numerics", "previous", "schema", "toolchain", "training"],
            node.Select(p => p.Key));
        Assert.Equal("trustscore.manifest/v1", (string?)node["schema"]);
        Assert.Equal("trust_score", (string?)node["model"]!["type"]);
        Assert.Equal("sha256", (string?)node["digest"]!["algorithm"]);
        Assert.Equal("files", (string?)node["digest"]!["method"]);
        Assert.NotNull(node["dataset"]!["split_commitment"]);
        Assert.NotNull(node["dataset"]!["salt_commitment"]);
        Assert.Equal("features", (string?)node["io"]!["input"]!["name"]);
        Assert.Equal(768, (long)node["io"]!["input"]!["shape"]![1]!);
        Assert.Equal("numerics/v1", (string?)node["numerics"]!["contract"]);
        Assert.Equal("trustscore-score/1:truncate:0-100", (string?)node["numerics"]!["score_rule"]);
        Assert.Equal("virtengine-keeper/1", (string?)node["keeper_hash"]!["recipe"]);
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(dir, "model")), (string?)node["keeper_hash"]!["hash"]);
        Assert.True((bool)node["gates"]!["results"]![0]!["passed"]!);
        Assert.NotNull(node["gates"]!["results"]![0]!["margin"]);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_GivesIdenticalBytes()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        byte[] first = Manifest.Read(VersionLayout.ManifestPath(dir)).ToCanonicalBytes();

        byte[] second = Manifest.Parse(first).ToCanonicalBytes();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_ThenRead_PreservesEveryField()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        Manifest manifest = Manifest.Read(VersionLayout.ManifestPath(dir));
        string path = temp.Combine("copy.json");

        manifest.Write(path);

        Assert.Equal(manifest.ToCanonicalBytes(), File.ReadAllBytes(path));
        Assert.Equal(manifest.Files, Manifest.Read(path).Files);
    }

    [Fact]
    public void Previous_Null_IsWrittenAsJsonNull()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        Manifest manifest = Manifest.Read(VersionLayout.ManifestPath(dir)) with { Previous = null };

        JsonObject node = JsonNode.Parse(manifest.ToCanonicalBytes())!.AsObject();

        Assert.True(node.ContainsKey("previous"));
        Assert.Null(node["previous"]);
        Assert.Null(Manifest.Parse(manifest.ToCanonicalBytes()).Previous);
    }

    [Fact]
    public void Validate_ReportsEachProblem()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        Manifest good = Manifest.Read(VersionLayout.ManifestPath(dir));
        Manifest bad = good with
        {
            Schema = "other/v9",
            Digest = good.Digest with { Root = "sha256:" + new string('0', 64) },
            Metrics = new Dictionary<string, double> { ["r2"] = double.NaN },
            Gates = good.Gates with { Passed = false },
        };

        IReadOnlyList<string> problems = bad.Validate();

        Assert.Contains(problems, p => p.Contains("schema", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("does not match the root of the listed files", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("metrics.mae is missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("metrics.r2 is not a finite number", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("gates.passed disagrees", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_InvalidManifest_IsBadInput_AndWritesNothing()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        Manifest bad = Manifest.Read(VersionLayout.ManifestPath(dir)) with { Schema = "nope" };
        string path = temp.Combine("bad.json");

        Assert.Throws<BadInputException>(() => bad.Write(path));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("{\"schema\": 1}", "'model' is missing")]
    [InlineData("[]", "'manifest' must be an object")]
    [InlineData("{", "not valid JSON")]
    public void Parse_Malformed_NamesTheField(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Manifest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongTypeDeepInside_NamesThePath()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        JsonObject node = JsonNode.Parse(File.ReadAllText(VersionLayout.ManifestPath(dir)))!.AsObject();
        node["gates"]!["results"]![1]!["threshold"] = "five";

        var ex = Assert.Throws<FormatException>(() => Manifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString())));

        Assert.Contains("gates.results[1].threshold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_AcceptsArbitraryJsonValues()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        Manifest manifest = Manifest.Read(VersionLayout.ManifestPath(dir));

        Assert.Equal(JsonValueKind.Array, manifest.Training["hidden"].ValueKind);
        Assert.Equal(0.001, manifest.Training["learning_rate"].GetDouble());
    }

    [Theory]
    [InlineData("keeper_hash")]
    [InlineData("numerics.score_rule")]
    public void OlderManifest_WithoutTheNewField_IsInvalid_NamingIt(string field)
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        JsonObject node = JsonNode.Parse(File.ReadAllText(VersionLayout.ManifestPath(dir)))!.AsObject();
        if (field == "keeper_hash")
        {
            node.Remove("keeper_hash");
        }
        else
        {
            node["numerics"]!.AsObject().Remove("score_rule");
        }

        Manifest manifest = Manifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()));

        Assert.Contains(manifest.Validate(), p => p.StartsWith(field + " is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownRuleOrRecipe_IsInvalid()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        Manifest good = Manifest.Read(VersionLayout.ManifestPath(dir));

        Assert.Contains((good with { Numerics = good.Numerics with { ScoreRule = "trustscore-score/1:round-half-even:0-100" } }).Validate(), p => p.Contains("numerics.score_rule", StringComparison.Ordinal));
        Assert.Contains((good with { KeeperHash = good.KeeperHash! with { Recipe = "openssf-files/1" } }).Validate(), p => p.Contains("keeper_hash.recipe", StringComparison.Ordinal));
        Assert.Contains((good with { KeeperHash = good.KeeperHash! with { Hash = "ABC" } }).Validate(), p => p.Contains("keeper_hash.hash", StringComparison.Ordinal));
    }
}
