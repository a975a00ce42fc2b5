namespace TrustScore.Evaluation;

/// <summary>One metric compared with the baseline.</summary>
/// <param name="Name">Metric key (upstream name; <c>abs_mean_error</c> for |bias|).</param>
/// <param name="Baseline">The baseline's value.</param>
/// <param name="Candidate">The candidate's value.</param>
/// <param name="Tolerance">How much worse the candidate may be.</param>
/// <param name="HigherIsBetter">Direction of improvement.</param>
public sealed record MetricDelta(string Name, double Baseline, double Candidate, double Tolerance, bool HigherIsBetter)
{
    /// <summary>Candidate − baseline.</summary>
    public double Delta => Candidate - Baseline;

    /// <summary>How much worse the candidate is (≤ 0 when equal or better).</summary>
    public double Worsening => HigherIsBetter ? Baseline - Candidate : Candidate - Baseline;

    /// <summary>True when the candidate is worse than the baseline by more than the tolerance.</summary>
    public bool Regressed => Worsening > Tolerance;
}
