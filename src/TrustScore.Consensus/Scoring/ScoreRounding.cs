namespace TrustScore.Consensus.Scoring;

/// <summary>
/// The written rule from the float32 model output (0–100) to the integer on-chain score
/// (docs/numerics.md §8): NaN is rejected; otherwise round half up —
/// k = floor(y), score = k + 1 when y − k ≥ 0.5, else k (every step exact in binary32) — then clamp
/// to [<see cref="Min"/>, <see cref="Max"/>] (so −∞ gives 0 and +∞ gives 100).
/// </summary>
public static class ScoreRounding
{
    /// <summary>Lowest score.</summary>
    public const int Min = 0;

    /// <summary>Highest score.</summary>
    public const int Max = 100;

    /// <summary>Identifier of this rule, recorded in conformance files and manifests.</summary>
    public const string RuleId = "trustscore-score/1:round-half-up:0-100";

    /// <summary>The integer score of <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is NaN.</exception>
    public static int ToScore(float output)
    {
        if (float.IsNaN(output))
        {
            throw new ArgumentException("A model output is NaN; it has no score.", nameof(output));
        }

        if (output <= Min)
        {
            return Min;
        }

        if (output >= Max)
        {
            return Max;
        }

        float k = MathF.Floor(output);
        float fraction = output - k; // exact: k and output share the binade or k = 0
        int score = (int)k + (fraction >= 0.5f ? 1 : 0);
        return Math.Clamp(score, Min, Max);
    }
}
