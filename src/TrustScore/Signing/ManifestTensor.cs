namespace TrustScore.Signing;

/// <summary>One graph input or output: name, element type and shape (<c>-1</c> = batch dimension).</summary>
public sealed record ManifestTensor(string Name, string Dtype, IReadOnlyList<long> Shape);
