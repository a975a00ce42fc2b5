namespace TrustScore.Consensus.Scoring;

/// <summary>
/// A named rule from the float32 model output to the integer on-chain score (docs/numerics.md
/// §8). A model is exported under one rule, sealed in its conformance.json and manifest.json;
/// everything that prints or serves an integer for that model uses that rule.
/// </summary>
public sealed class ScoreRule
{
    private readonly Func<float, int> _toScore;

    private ScoreRule(string id, string shortName, Func<float, int> toScore)
    {
        Id = id;
        ShortName = shortName;
        _toScore = toScore;
    }

    /// <summary>The VirtEngine node's rule: truncation toward zero, NaN → 0 (<see cref="ScoreTruncation"/>).</summary>
    public static ScoreRule Truncate { get; } = new(ScoreTruncation.RuleId, "truncate", ScoreTruncation.ToScore);

    /// <summary>Round half up, NaN refused (<see cref="ScoreRounding"/>).</summary>
    public static ScoreRule RoundHalfUp { get; } = new(ScoreRounding.RuleId, "round-half-up", ScoreRounding.ToScore);

    /// <summary>The rule of the default config and of the VirtEngine chain profiles: the node's.</summary>
    public static ScoreRule Default => Truncate;

    /// <summary>Every rule.</summary>
    public static IReadOnlyList<ScoreRule> All { get; } = [Truncate, RoundHalfUp];

    /// <summary>The full identifier, e.g. <c>trustscore-score/1:truncate:0-100</c>.</summary>
    public string Id { get; }

    /// <summary>The name a config file uses: <c>truncate</c> or <c>round-half-up</c>.</summary>
    public string ShortName { get; }

    /// <summary>
    /// Where the integer score steps up to <paramref name="score"/> (1–100): the least real
    /// output that scores it — <c>score</c> when truncating, <c>score − 0.5</c> when rounding half up.
    /// </summary>
    public float StepAt(int score) => ReferenceEquals(this, Truncate) ? score : score - 0.5f;

    /// <summary>The integer score of <paramref name="output"/> under this rule.</summary>
    /// <exception cref="ArgumentException">The rule refuses NaN and <paramref name="output"/> is NaN.</exception>
    public int ToScore(float output) => _toScore(output);

    /// <summary>The rule with identifier or short name <paramref name="name"/>, or null.</summary>
    public static ScoreRule? Find(string? name) =>
        All.FirstOrDefault(r => string.Equals(r.Id, name, StringComparison.Ordinal) || string.Equals(r.ShortName, name, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override string ToString() => Id;
}
