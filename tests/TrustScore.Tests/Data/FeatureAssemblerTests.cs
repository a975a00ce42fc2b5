using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Tests.Data;

public class FeatureAssemblerTests
{
    private static FeatureInputs Inputs() => new()
    {
        FaceEmbedding = [3f, 4f, .. new float[510]],
        FaceConfidence = 0.9f,
        DocumentQualityScore = 0.7f,
        Sharpness = 0.61f,
        Brightness = 0.52f,
        Contrast = 0.43f,
        NoiseLevel = 0.25f,
        BlurScore = 0.125f,
        OcrConfidences = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f],
        OcrValidated = [true, false, true, false, true],
        ScopeTypes = ["selfie", "domain_verify"],
        ScopeCount = 4,
    };

    [Fact]
    public void Assemble_PlacesEveryFieldAtItsDocumentedPosition()
    {
        float[] v = FeatureAssembler.Assemble(Inputs());

        // Expected positions from docs/feature-schema.md (the VirtEngine node's extractor layout);
        // 3-4-5 triangle for the embedding. blur_score is validated but is not a feature.
        Assert.Equal(0.6f, v[0]);
        Assert.Equal(0.8f, v[1]);
        Assert.Equal(0f, v[2]);
        Assert.Equal([0.7f, 0.61f, 0.52f, 0.43f, 0.75f], v[512..517]);
        Assert.Equal([0.1f, 1f, 0.2f, 0f, 0.3f, 1f, 0.4f, 0f, 0.5f, 1f], v[517..527]);
        Assert.Equal(0.4f, v[527]);
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 0f, 0f, 1f], v[528..536]);
        Assert.Equal(0.9f, v[536]);
        Assert.All(v[537..], x => Assert.Equal(0f, x));
        Assert.Null(FeatureSchema.Validate(v));
    }

    [Fact]
    public void Assemble_RejectsNonFiniteEmbedding()
    {
        var x = Inputs();
        x.FaceEmbedding[7] = float.NaN;
        var ex = Assert.Throws<BadInputException>(() => FeatureAssembler.Assemble(x));
        Assert.Contains("face_embedding[7] is NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_RejectsZeroEmbedding_WrongLength_AndOutOfRangeScalars()
    {
        Assert.False(FeatureAssembler.TryAssemble(Inputs() with { FaceEmbedding = new float[512] }, out _, out string? zero));
        Assert.Contains("zero norm", zero, StringComparison.Ordinal);
        Assert.False(FeatureAssembler.TryAssemble(Inputs() with { FaceEmbedding = new float[511] }, out _, out string? length));
        Assert.Contains("511 values, expected 512", length, StringComparison.Ordinal);
        Assert.False(FeatureAssembler.TryAssemble(Inputs() with { Contrast = 1.01f }, out _, out string? range));
        Assert.Contains("contrast is 1.01", range, StringComparison.Ordinal);
        Assert.False(FeatureAssembler.TryAssemble(Inputs() with { FaceConfidence = float.PositiveInfinity }, out _, out string? inf));
        Assert.Contains("face_confidence", inf, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_RejectsUnknownScopeAndTooManyScopes()
    {
        Assert.False(FeatureAssembler.TryAssemble(Inputs() with { ScopeTypes = ["retina"] }, out _, out string? scope));
        Assert.Contains("'retina'", scope, StringComparison.Ordinal);
        Assert.False(FeatureAssembler.TryAssemble(Inputs() with { ScopeCount = 11 }, out _, out string? count));
        Assert.Contains("scope_count is 11", count, StringComparison.Ordinal);
    }
}
