using System.Text.Json.Nodes;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Scoring;

public sealed class ConformanceVectorsTests
{
    private static readonly byte[] ModelBytes = OnnxModelWriter.Write(TestModels.Random([64, 32, 16, 1], seed: 5, normalization: true));
    private static readonly Scorer Model = Scorer.Load(ModelBytes);

    [Fact]
    public void Generate_ThenCheck_Passes_AndCoversEdgeCases()
    {
        var set = ConformanceVectors.Generate(Model);
        Assert.InRange(set.Vectors.Count, 24, 60);
        Assert.Contains(set.Vectors, v => v.Name == "all-zero");
        Assert.Contains(set.Vectors, v => v.Name.StartsWith("boundary-", StringComparison.Ordinal));
        var result = set.Check(Model);
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(set.Vectors.Count, result.Checked);
        Assert.Same(ScoreRule.Truncate, set.Rule);
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("round-half-up")]
    public void BoundaryPairs_StraddleStepsOfTheRuleInUse_SpreadOverTheWholeRange(string ruleName)
    {
        ScoreRule rule = ScoreRule.Find(ruleName)!;

        var set = ConformanceVectors.Generate(Model, rule: rule);

        var steps = new List<float>();
        foreach (var below in set.Vectors.Where(v => v.Name.StartsWith("boundary-", StringComparison.Ordinal) && v.Name.EndsWith("-below", StringComparison.Ordinal)))
        {
            string step = below.Name["boundary-".Length..^"-below".Length];
            var above = Assert.Single(set.Vectors, v => v.Name == $"boundary-{step}-above");
            float at = float.Parse(step, System.Globalization.CultureInfo.InvariantCulture);
            int target = rule == ScoreRule.Truncate ? (int)at : (int)(at + 0.5f);
            Assert.True(below.Score < target && above.Score >= target, $"{below.Name}: {below.Output} → {below.Score}, {above.Output} → {above.Score}");
            Assert.True(Math.Abs(below.Output - at) < 1e-3f && Math.Abs(above.Output - at) < 1e-3f, $"{below.Name}: outputs {below.Output} and {above.Output} are not next to {at}");
            Assert.Equal(rule.ToScore(below.Output), below.Score);
            steps.Add(at);
        }

        // Low, middle (the node's pass mark 50) and high steps are all present.
        Assert.Contains(steps, s => s <= 10f);
        Assert.Contains(steps, s => s is >= 49f and <= 50f);
        Assert.Contains(steps, s => s >= 90f);
        Assert.True(steps.Count >= 8, $"only {steps.Count} steps: {string.Join(", ", steps)}");
        Assert.True(set.Check(Model).Passed);
    }

    [Fact]
    public void Json_SealsTheRule_AndAnOldRoundHalfUpFileStillParses()
    {
        var set = ConformanceVectors.Generate(Model, rule: ScoreRule.RoundHalfUp);
        var json = set.ToJson();
        Assert.Equal("trustscore-score/1:round-half-up:0-100", (string?)json["score_rule"]);

        var parsed = ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Same(ScoreRule.RoundHalfUp, parsed.Rule);
        Assert.True(parsed.Check(Model).Passed);
    }

    [Fact]
    public void Parse_RefusesAnUnknownRule_AndScoresOfTheOtherRule()
    {
        var json = ConformanceVectors.Generate(Model, rule: ScoreRule.Truncate).ToJson();
        json["score_rule"] = "trustscore-score/1:round-half-even:0-100";
        var ex = Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
        Assert.Contains("score_rule", ex.Message, StringComparison.Ordinal);

        // Truncated scores relabelled as round-half-up: some boundary vector no longer agrees.
        json["score_rule"] = ScoreRule.RoundHalfUp.Id;
        Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    [Fact]
    public void Json_RoundTrip_StillPasses()
    {
        var set = ConformanceVectors.Generate(Model, seed: 2);
        byte[] json = System.Text.Encoding.UTF8.GetBytes(set.ToJson().ToJsonString());
        var parsed = ConformanceVectors.Parse(json);
        Assert.Equal(set.Vectors.Count, parsed.Vectors.Count);
        Assert.Equal(set.ModelSha256, parsed.ModelSha256);
        Assert.True(parsed.Check(Model).Passed);
        Assert.NotNull(Scorer.Load(ModelBytes, conformance: parsed));
    }

    [Fact]
    public void TamperedOutput_ReportsFirstMismatch_AndLoadRefuses()
    {
        var set = ConformanceVectors.Generate(Model);
        var json = set.ToJson();
        var v3 = json["vectors"]![3]!.AsObject();
        uint bits = Convert.ToUInt32((string)v3["output_bits"]!, 16) ^ 1u;
        v3["output_bits"] = bits.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var tampered = ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        var result = tampered.Check(Model);
        Assert.False(result.Passed);
        Assert.Equal(3, result.FirstMismatch!.Index);
        Assert.Equal(bits, result.FirstMismatch.ExpectedBits);
        var ex = Assert.Throws<ModelIntegrityException>(() => Scorer.Load(ModelBytes, conformance: tampered));
        Assert.Contains("vector 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VectorsOfAnotherModel_Refused()
    {
        var other = OnnxModelWriter.Write(TestModels.Random([64, 32, 16, 1], seed: 6));
        var set = ConformanceVectors.Generate(Model);
        Assert.Throws<ModelIntegrityException>(() => Scorer.Load(other, conformance: set));
    }

    [Fact]
    public void Parse_RejectsMalformedDocuments()
    {
        Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse("not json"u8));
        Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse("[]"u8));
        Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse("{\"format\":\"other\"}"u8));
        var json = ConformanceVectors.Generate(Model).ToJson();
        json["vectors"]![0]!["score"] = 77; // inconsistent with the output bits
        Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
        var json2 = ConformanceVectors.Generate(Model).ToJson();
        json2["vectors"]![0]!["features_f32le_base64"] = "AAAA";
        Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json2.ToJsonString())));
    }

    [Fact]
    public void Parse_RejectsMalformedTextAndLabels_NamingTheField()
    {
        var json = ConformanceVectors.Generate(Model).ToJson();
        var vectors = json["vectors"]!.AsArray();
        int text = vectors.Select((v, i) => (v, i)).Single(p => p.v!["features_text"] is not null).i;
        vectors[text]!["features_text"]!.AsArray().RemoveAt(0);
        var ex = Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
        Assert.Contains($"vectors[{text}].features_text has 63 entries; expected 64", ex.Message, StringComparison.Ordinal);

        var json2 = ConformanceVectors.Generate(Model).ToJson();
        json2["vectors"]![0]!["catches"] = new JsonArray(1);
        var ex2 = Assert.Throws<ModelFormatException>(() => ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json2.ToJsonString())));
        Assert.Contains("vectors[0].catches[0] must be a string", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithoutTheOptionalFields_StillParsesAndPasses()
    {
        var json = ConformanceVectors.Generate(Model).ToJson();
        foreach (var v in json["vectors"]!.AsArray())
        {
            v!.AsObject().Remove("catches");
            v.AsObject().Remove("features_text");
        }

        var parsed = ConformanceVectors.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.All(parsed.Vectors, v => Assert.Empty(v.Catches));
        Assert.All(parsed.Vectors, v => Assert.Null(v.FeaturesText));
        Assert.True(parsed.Check(Model).Passed);
    }

    [Fact]
    public void SmallModel_GetsEveryVariantLabelled()
    {
        var set = ConformanceVectors.Generate(Model);
        Assert.All(ConformanceVariants.All, id => Assert.Contains(set.Vectors, v => v.Catches.Contains(id)));
    }
}
