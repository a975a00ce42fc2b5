using TrustScore.Consensus.Scoring;
using TrustScore.IO;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Tests.Pipeline;
using TrustScore.Verification;

namespace TrustScore.Tests.Verification;

/// <summary>
/// The conformance check <c>trustscore verify</c> runs (<see cref="ConformanceVectorsCheck"/>)
/// refuses a real exported model whose conformance.json holds the outputs of a wrong
/// implementation, for every named variant (docs/numerics.md §9.2), and passes it with the
/// contract's outputs; and the real export labels at least one vector per variant, each label
/// confirmed by an independent scorer (<see cref="WrongVariantScorer"/>).
/// </summary>
[Collection(SmallRunCollection.Name)]
public sealed class WrongVariantVerifyTests(SmallRunFixture run) : IDisposable
{
    private readonly TempDirectory temp = new("variants");

    public static TheoryData<string> Variants() => new(ConformanceVariants.All);

    [Theory]
    [MemberData(nameof(Variants))]
    public void RealExport_LabelsAVectorThatCatchesTheVariant(string variant)
    {
        var (scorer, conformance) = Load(run.VersionDir);
        var labelled = conformance.Vectors.Where(v => v.Catches.Contains(variant)).ToList();
        Assert.NotEmpty(labelled);
        Assert.All(labelled, v => Assert.NotEqual(v.OutputBits, BitConverter.SingleToUInt32Bits(WrongVariantScorer.Score(scorer.Weights, v, variant))));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void VerifyConformanceCheck_Fails_WhenTheVectorsHoldTheVariantsOutputs(string variant)
    {
        string dir = SealedCopy(variant);
        var report = VersionVerifier.Verify(dir, new VerifyOptions { RequireSignature = false, ExtraChecks = [new ConformanceVectorsCheck()] });
        var check = report.Check(ConformanceVectorsCheck.CheckName)!;
        Assert.False(check.Passed, check.Detail);
        Assert.Contains("conformance vectors", check.Detail, StringComparison.Ordinal);
        Assert.True(report.Check(VersionVerifier.RootCheck)!.Passed, "the resealed copy must differ only in its vectors");
    }

    [Fact]
    public void VerifyConformanceCheck_Passes_WithTheContractScorersOutputs()
    {
        string dir = SealedCopy(WrongVariantScorer.Contract);
        var report = VersionVerifier.Verify(dir, new VerifyOptions { RequireSignature = false, ExtraChecks = [new ConformanceVectorsCheck()] });
        var check = report.Check(ConformanceVectorsCheck.CheckName)!;
        Assert.True(check.Passed, check.Detail);
    }

    public void Dispose() => temp.Dispose();

    private static (TrustScore.Consensus.Scoring.Scorer Scorer, ConformanceVectors Conformance) Load(string versionDir)
    {
        var conformance = ConformanceVectors.Parse(File.ReadAllBytes(Path.Combine(versionDir, "model", "conformance.json")));
        var scorer = TrustScore.Consensus.Scoring.Scorer.LoadFile(Path.Combine(versionDir, "model", "model.onnx"));
        return (scorer, conformance);
    }

    /// <summary>A copy of the real version whose conformance.json expects <paramref name="variant"/>'s outputs, manifest digests resealed.</summary>
    private string SealedCopy(string variant)
    {
        string dir = temp.Combine(run.Result.Export!.Version);
        foreach (string file in Directory.EnumerateFiles(run.VersionDir, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(run.VersionDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var (scorer, conformance) = Load(dir);
        var vectors = conformance.Vectors.Select(v =>
        {
            float y = WrongVariantScorer.Score(scorer.Weights, v, variant);
            return v with { OutputBits = BitConverter.SingleToUInt32Bits(y), Score = conformance.Rule.ToScore(y) };
        });
        var sealedWith = new ConformanceVectors(conformance.FeatureCount, vectors, conformance.ModelSha256, rule: conformance.Rule);
        File.WriteAllBytes(Path.Combine(dir, "model", "conformance.json"), CanonicalJson.ToUtf8Bytes(sealedWith.ToJson()));
        ScorableVersionFixture.Reseal(dir);
        return dir;
    }
}
