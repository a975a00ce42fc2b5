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
        foreach (var v in set.Vectors.Where(v => v.Name.StartsWith("boundary-", StringComparison.Ordinal)))
        {
            float frac = v.Output - MathF.Floor(v.Output);
            Assert.True(Math.Abs(frac - 0.5f) < 1e-3f, $"{v.Name} has output {v.Output}");
        }
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
}
