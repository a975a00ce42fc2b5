using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Scoring;

/// <summary>
/// The conformance vectors catch every named wrong implementation (docs/numerics.md §9.2). Each
/// variant is an independent scorer (<see cref="WrongVariantScorer"/>); a validator running it
/// would compute that variant's outputs, so a conformance file sealed with them must be refused by
/// the check every load runs (<see cref="Scorer.Load"/> with the vectors), while the file sealed
/// with the contract scorer's outputs must pass. The exporter's <c>catches</c> labels must be
/// exactly the variants that miss each vector.
/// </summary>
public sealed class WrongVariantTests
{
    private static readonly (MlpWeights Weights, byte[] Onnx, ConformanceVectors Vectors) Model = Build();

    public static TheoryData<string> Variants() => new(ConformanceVariants.All);

    [Fact]
    public void ContractScorer_ReproducesEveryVector_AndPassesTheLoadCheck()
    {
        var sealedWithContract = SealedWith(WrongVariantScorer.Contract);
        Assert.All(Model.Vectors.Vectors.Zip(sealedWithContract.Vectors), p => Assert.Equal(p.First.OutputBits, p.Second.OutputBits));
        Scorer.Load(Model.Onnx, null, sealedWithContract);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void VectorsSealedWithTheVariantsOutputs_FailTheLoadCheck(string variant)
    {
        var ex = Assert.Throws<ModelIntegrityException>(() => Scorer.Load(Model.Onnx, null, SealedWith(variant)));
        Assert.Contains("fails its conformance vectors", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryVariant_IsCaughtByAtLeastOneLabelledVector(string variant)
    {
        var labelled = Model.Vectors.Vectors.Where(v => v.Catches.Contains(variant)).ToList();
        Assert.NotEmpty(labelled);
        Assert.All(labelled, v => Assert.NotEqual(v.OutputBits, Bits(WrongVariantScorer.Score(Model.Weights, v, variant))));
    }

    [Fact]
    public void Labels_AreExactlyTheVariantsThatMissEachVector()
    {
        foreach (var v in Model.Vectors.Vectors)
        {
            var missed = ConformanceVariants.All.Where(id => Bits(WrongVariantScorer.Score(Model.Weights, v, id)) != v.OutputBits);
            Assert.Equal(missed.Order(StringComparer.Ordinal), v.Catches.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Binary64MultiplyAdd_IsCaughtByTheConstructedRow()
    {
        var constructed = Assert.Single(Model.Vectors.Vectors, v => v.Name == "constructed-binary64-fma");
        Assert.Contains(ConformanceVariants.Binary64FmaThenRound, constructed.Catches);
        Assert.NotEqual(constructed.OutputBits, Bits(WrongVariantScorer.Score(Model.Weights, constructed, ConformanceVariants.Binary64FmaThenRound)));
    }

    [Fact]
    public void TextRow_EveryTextRoundsOnceToItsFeature_AndTwiceToAnother()
    {
        var text = Assert.Single(Model.Vectors.Vectors, v => v.FeaturesText is not null);
        var features = text.Features.ToArray();
        for (int k = 0; k < features.Length; k++)
        {
            string t = text.FeaturesText![k];
            Assert.Equal(Bits(features[k]), Bits(ExactDecimal.ToBinary32(t)));
            Assert.NotEqual(Bits(features[k]), Bits((float)double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)));
            Assert.True(t.TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0').Length >= 17, t);
        }
    }

    [Fact]
    public void TextThatDoesNotRoundToItsFeature_FailsTheCheck()
    {
        var vectors = Model.Vectors.Vectors.Select(v => v.FeaturesText is null ? v : v with
        {
            FeaturesText = [.. v.FeaturesText.Take(5), "0.5", .. v.FeaturesText.Skip(6)],
        });
        var tampered = new ConformanceVectors(Model.Vectors.FeatureCount, vectors, Model.Vectors.ModelSha256, rule: Model.Vectors.Rule);
        var result = tampered.Check(Scorer.Load(Model.Onnx));
        Assert.False(result.Passed);
        Assert.Contains("features_text[5] \"0.5\" rounds to 0x3F000000", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void OnnxRuntime_IsCaught()
    {
        var vectors = Model.Vectors.Vectors;
        int d = Model.Vectors.FeatureCount;
        var x = new float[vectors.Count * d];
        for (int i = 0; i < vectors.Count; i++)
        {
            vectors[i].Features.Span.CopyTo(x.AsSpan(i * d));
        }

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(Model.Onnx, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("features", new DenseTensor<float>(x, [vectors.Count, d]))]);
        var outputs = results.Single().AsTensor<float>();
        int missed = Enumerable.Range(0, vectors.Count).Count(i => Bits(outputs[i, 0]) != vectors[i].OutputBits);
        Assert.True(missed > 0, "ONNX Runtime reproduced every conformance vector bit for bit");
    }

    [Fact]
    public void ConstructedVectors_RoundTripThroughTheFile()
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(Model.Vectors.ToJson().ToJsonString());
        var parsed = ConformanceVectors.Parse(json);
        Assert.Equal(Model.Vectors.Vectors.Select(v => v.Catches.ToArray()), parsed.Vectors.Select(v => v.Catches.ToArray()));
        Assert.Equal(Model.Vectors.Vectors.Select(v => v.FeaturesText?.ToArray()), parsed.Vectors.Select(v => v.FeaturesText?.ToArray()));
        Assert.True(parsed.Check(Scorer.Load(Model.Onnx)).Passed);
    }

    /// <summary>The model's vectors with every expected output replaced by the variant's (what a validator running it would seal).</summary>
    private static ConformanceVectors SealedWith(string variant)
    {
        var rule = Model.Vectors.Rule;
        var vectors = Model.Vectors.Vectors.Select(v =>
        {
            float y = WrongVariantScorer.Score(Model.Weights, v, variant);
            return v with { OutputBits = Bits(y), Score = rule.ToScore(y) };
        });
        return new ConformanceVectors(Model.Vectors.FeatureCount, vectors, Model.Vectors.ModelSha256, rule: rule);
    }

    private static uint Bits(float v) => BitConverter.SingleToUInt32Bits(v);

    private static (MlpWeights, byte[], ConformanceVectors) Build()
    {
        var weights = TestModels.Random(TestModels.RealWidths, 4242, normalization: true);
        byte[] onnx = OnnxModelWriter.Write(weights);
        return (weights, onnx, ConformanceVectors.Generate(Scorer.Load(onnx)));
    }
}
