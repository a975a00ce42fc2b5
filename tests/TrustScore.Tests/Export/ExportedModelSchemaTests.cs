using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Export;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Export;

/// <summary>A model scores only the feature layout it was trained on (docs/feature-schema.md).</summary>
public class ExportedModelSchemaTests
{
    [Fact]
    public void AVersionDeclaringTheRepositorysSchemaFile_Loads()
    {
        using var dir = new TempDirectory();
        string version = ModelFixtures.WriteVersionDirectory(dir.Path);
        var model = ExportedModel.Load(version);
        Assert.Equal("2.0.0", model.Manifest.FeatureSchema.Version);
    }

    [Fact]
    public void AModelOfAnotherFeatureSchema_IsRefusedForScoring_NamingBothSchemas()
    {
        using var dir = new TempDirectory();
        string version = ModelFixtures.WriteVersionDirectory(dir.Path);
        string manifestPath = Path.Combine(version, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        json["feature_schema"] = new JsonObject { ["version"] = "1.0.0", ["sha256"] = new string('a', 64) };
        var manifest = Manifest.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));

        var ex = Assert.Throws<BadInputException>(() => ExportedModel.RequireCurrentFeatureSchema(manifest));
        Assert.Contains("trained on feature schema 1.0.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("scores feature schema 2.0.0", ex.Message, StringComparison.Ordinal);
    }
}
