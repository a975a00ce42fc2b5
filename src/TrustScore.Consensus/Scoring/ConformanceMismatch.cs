namespace TrustScore.Consensus.Scoring;

/// <summary>The first conformance vector a model did not reproduce.</summary>
/// <param name="Index">Position in the file.</param>
/// <param name="Name">The vector's name.</param>
/// <param name="ExpectedBits">Expected output bits.</param>
/// <param name="ActualBits">Output bits computed now.</param>
/// <param name="ExpectedScore">Expected integer score.</param>
/// <param name="ActualScore">Integer score computed now.</param>
public sealed record ConformanceMismatch(int Index, string Name, uint ExpectedBits, uint ActualBits, int ExpectedScore, int ActualScore);
