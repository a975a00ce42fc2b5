namespace TrustScore.Consensus.Scoring;

/// <summary>
/// Names of known-wrong implementations of docs/numerics.md that the conformance vectors are built
/// to catch (docs/numerics.md §9.2). A vector's <see cref="ConformanceVector.Catches"/> lists the
/// variants whose output for that vector differs from the sealed bits, so a validator whose
/// arithmetic is one of them fails that vector.
/// </summary>
public static class ConformanceVariants
{
    /// <summary>Each multiply-add rounded twice: binary32 product, then binary32 sum (<c>acc + x·w</c>).</summary>
    public const string Binary32MultiplyThenAdd = "binary32-multiply-then-add";

    /// <summary>Each multiply-add evaluated in binary64 and rounded once to binary32 (<c>f32(f64(x)·f64(w) + f64(acc))</c>, a double rounding).</summary>
    public const string Binary64FmaThenRound = "binary64-fma-then-round";

    /// <summary>The sigmoid evaluated in binary32: <c>1 / (1 + f32(exp(−z)))</c> with binary32 add and divide.</summary>
    public const string Binary32Sigmoid = "binary32-sigmoid";

    /// <summary>Each dot product as 8 interleaved fused partial sums (k mod 8), added in order to the bias.</summary>
    public const string EightPartialSums = "eight-partial-sums";

    /// <summary>Each dot product as a pairwise (recursive halves) binary32 sum of binary32 products, added to the bias.</summary>
    public const string PairwiseSum = "pairwise-sum";

    /// <summary>Decimal feature text parsed to binary64, then rounded to binary32 (a double rounding); caught only by vectors that carry <see cref="ConformanceVector.FeaturesText"/>.</summary>
    public const string DoubleRoundedTextParse = "double-rounded-text-parse";

    /// <summary>Every variant the generator tries to catch, in the order it labels them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Binary32MultiplyThenAdd,
        Binary64FmaThenRound,
        Binary32Sigmoid,
        EightPartialSums,
        PairwiseSum,
        DoubleRoundedTextParse,
    ];

    /// <summary>The variants that change arithmetic (every vector can catch them); the text variant changes only parsing.</summary>
    internal static IReadOnlyList<string> Arithmetic { get; } =
    [
        Binary32MultiplyThenAdd,
        Binary64FmaThenRound,
        Binary32Sigmoid,
        EightPartialSums,
        PairwiseSum,
    ];
}
