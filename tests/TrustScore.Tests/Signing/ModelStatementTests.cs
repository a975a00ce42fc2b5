using System.Text;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Digest;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Signing;

/// <summary>The statement layout is the OpenSSF Model Signing v1.0 one (docs/formats.md §4).</summary>
public sealed class ModelStatementTests : IDisposable
{
    private readonly TempDirectory temp = new("statement");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Payload_HasOpenSsfLayout_WithGoldenRoot()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("sample_model"));
        ModelDigestResult digest = ModelDigest.Compute(dir);
        var artifacts = new[] { new SignedResource("manifest.json", "sha256", new string('b', 64)) };

        JsonObject payload = JsonNode.Parse(ModelStatement.For("sample_model", digest, ModelDigest.DefaultIgnorePaths, artifacts).ToPayload())!.AsObject();

        Assert.Equal("https://in-toto.io/Statement/v1", (string?)payload["_type"]);
        Assert.Equal("https://model_signing/signature/v1.0", (string?)payload["predicateType"]);
        JsonObject subject = Assert.Single(payload["subject"]!.AsArray())!.AsObject();
        Assert.Equal("sample_model", (string?)subject["name"]);
        Assert.Equal(ModelFixtures.OpenSsfGoldenRoot, (string?)subject["digest"]!["sha256"]);
        JsonObject serialization = payload["predicate"]!["serialization"]!.AsObject();
        Assert.Equal("files", (string?)serialization["method"]);
        Assert.Equal("sha256", (string?)serialization["hash_type"]);
        Assert.False((bool)serialization["allow_symlinks"]!);
        Assert.Equal([".git", ".gitattributes", ".github", ".gitignore"], serialization["ignore_paths"]!.AsArray().Select(n => (string?)n));
        JsonArray resources = payload["predicate"]!["resources"]!.AsArray();
        Assert.Equal(10, resources.Count);
        Assert.Equal("d0/f00", (string?)resources[0]!["name"]);
        Assert.Equal("sha256", (string?)resources[0]!["algorithm"]);
        Assert.Equal(ModelFixtures.OpenSsfGoldenD0F00, (string?)resources[0]!["digest"]);
        Assert.Equal("manifest.json", (string?)payload["predicate"]!["trustscore"]!["artifacts"]![0]!["name"]);
    }

    [Fact]
    public void Parse_RoundTripsThePayload()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));
        var statement = ModelStatement.For("m", ModelDigest.Compute(dir), ModelDigest.DefaultIgnorePaths, [new SignedResource("manifest.json", "sha256", new string('c', 64))]);

        ModelStatement parsed = ModelStatement.Parse(statement.ToPayload());

        Assert.Equal(statement.RootHex, parsed.RootHex);
        Assert.Equal(statement.Resources, parsed.Resources);
        Assert.Equal(statement.Artifacts, parsed.Artifacts);
        Assert.Equal(statement.IgnorePaths, parsed.IgnorePaths);
    }

    [Fact]
    public void Parse_StatementWithoutExtension_IsAcceptedAsPlainOpenSsf()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));
        JsonObject payload = JsonNode.Parse(ModelStatement.For("m", ModelDigest.Compute(dir), [], []).ToPayload())!.AsObject();
        payload["predicate"]!.AsObject().Remove("trustscore");

        ModelStatement parsed = ModelStatement.Parse(Encoding.UTF8.GetBytes(payload.ToJsonString()));

        Assert.Empty(parsed.Artifacts);
        Assert.Equal(ModelFixtures.OpenSsfGoldenRoot, parsed.RootHex);
    }

    [Fact]
    public void Parse_TwoSubjects_IsRejected()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));
        JsonObject payload = JsonNode.Parse(ModelStatement.For("m", ModelDigest.Compute(dir), [], []).ToPayload())!.AsObject();
        payload["subject"]!.AsArray().Add(new JsonObject { ["name"] = "x", ["digest"] = new JsonObject { ["sha256"] = new string('0', 64) } });

        var ex = Assert.Throws<FormatException>(() => ModelStatement.Parse(Encoding.UTF8.GetBytes(payload.ToJsonString())));

        Assert.Contains("exactly one", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ResourcesThatDoNotHashToTheSubject_AreRejected()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));
        JsonObject payload = JsonNode.Parse(ModelStatement.For("m", ModelDigest.Compute(dir), [], []).ToPayload())!.AsObject();
        payload["predicate"]!["resources"]![3]!["digest"] = new string('0', 64);

        var ex = Assert.Throws<FormatException>(() => ModelStatement.Parse(Encoding.UTF8.GetBytes(payload.ToJsonString())));

        Assert.Contains("inconsistent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongPredicateType_IsRejected()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));
        JsonObject payload = JsonNode.Parse(ModelStatement.For("m", ModelDigest.Compute(dir), [], []).ToPayload())!.AsObject();
        payload["predicateType"] = "https://model_signing/Digests/v0.1";

        Assert.Throws<FormatException>(() => ModelStatement.Parse(Encoding.UTF8.GetBytes(payload.ToJsonString())));
    }
}
