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

    /// <summary>
    /// The features as decimal text (written as "features_text"), or null: each text must convert
    /// to exactly the binary32 in <see cref="Features"/> under one correct rounding (docs/numerics.md §11).
    /// </summary>
    public IReadOnlyList<string>? FeaturesText { get; init; }

    /// <summary>
    /// The <see cref="ConformanceVariants"/> this vector catches (written as "catches"): each named
    /// wrong implementation computes other output bits for it. Informative; the check compares bits.
    /// </summary>
    public IReadOnlyList<string> Catches { get; init; } = [];
}
