namespace TrustScore.Signing;

/// <summary><c>numerics</c>: the numerics contract version the consensus scorer implements, and the integer score rule sealed with the model.</summary>
/// <param name="Contract">The numerics contract version.</param>
/// <param name="ScoreRule">The score rule id (docs/numerics.md §8); null only in a manifest written before rules were named, which is then invalid.</param>
public sealed record ManifestNumerics(string Contract, string? ScoreRule = null);
