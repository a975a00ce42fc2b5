namespace TrustScore.Governance;

/// <summary>
/// A decision threshold of the chain: an identity whose integer score is at least
/// <paramref name="MinScore"/> gets the tier <paramref name="Name"/> (VirtEngine compares
/// <c>score &gt;= threshold</c>). Chain profile key <c>score_thresholds</c>.
/// </summary>
/// <param name="Name">The profile key, e.g. <c>basic</c>.</param>
/// <param name="MinScore">The lowest passing integer score, 0–100.</param>
public sealed record ScoreThreshold(string Name, int MinScore)
{
    /// <summary>Whether <paramref name="score"/> passes this threshold.</summary>
    public bool Passes(int score) => score >= MinScore;

    /// <summary>
    /// VirtEngine's own thresholds (x/veid types: basic marketplace access 50, standard/provider
    /// access 70, premium/validator access 85), the default when a profile names none.
    /// </summary>
    public static IReadOnlyList<ScoreThreshold> VirtEngineDefaults { get; } =
        [new("basic", 50), new("standard", 70), new("premium", 85)];
}
