namespace TrustScore.Consensus.Scoring;

/// <summary>One conformance input and the exact output every implementation must produce.</summary>
/// <param name="Name">What the input exercises (e.g. "all-zero", "boundary-49.5-0").</param>
/// <param name="Features">The input row, [FeatureCount] binary32 values.</param>
/// <param name="OutputBits">The expected binary32 output as its bit pattern.</param>
/// <param name="Score">The expected integer score (the <see cref="ScoreRule"/> of the set, applied to the output).</param>
public sealed record ConformanceVector(string Name, ReadOnlyMemory<float> Features, uint OutputBits, int Score)
{
    /// <summary>The expected output as a number.</summary>
    public float Output => BitConverter.UInt32BitsToSingle(OutputBits);
}
