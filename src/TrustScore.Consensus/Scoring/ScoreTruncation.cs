namespace TrustScore.Consensus.Scoring;

/// <summary>
/// The VirtEngine node's rule from the float32 model output to the integer score
/// (docs/numerics.md §8): NaN or negative → 0; above 100 → 100; otherwise truncation toward
/// zero (49.99 → 49, 100 → 100). So −∞ and −0 give 0, +∞ gives 100. Every step is a comparison
/// or an exact conversion of a binary32 in [0, 100] to an integer.
/// </summary>
public static class ScoreTruncation
{
    /// <summary>Identifier of this rule, recorded in conformance files and manifests.</summary>
    public const string RuleId = "trustscore-score/1:truncate:0-100";

    /// <summary>The integer score of <paramref name="output"/>; never throws (NaN scores 0, as on the node).</summary>
    public static int ToScore(float output)
    {
        // The node's order: negative or NaN first, then the upper clamp, then the conversion.
        if (float.IsNaN(output) || output < ScoreRounding.Min)
        {
            return ScoreRounding.Min;
        }

        if (output > ScoreRounding.Max)
        {
            return ScoreRounding.Max;
        }

        return (int)output; // C# truncates toward zero, exactly; the value is within [0, 100]
    }
}
