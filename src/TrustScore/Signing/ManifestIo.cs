namespace TrustScore.Signing;

/// <summary><c>io</c>: the model's signature, <c>features</c> float32 [-1, <see cref="Data.FeatureSchema.Dimension"/>] to <c>trust_score</c> float32 [-1,1].</summary>
public sealed record ManifestIo(ManifestTensor Input, ManifestTensor Output)
{
    /// <summary>The one signature this project exports.</summary>
    public static ManifestIo TrustScore { get; } = new(
        new ManifestTensor("features", "float32", [-1, Data.FeatureSchema.Dimension]),
        new ManifestTensor("trust_score", "float32", [-1, 1]));
}
