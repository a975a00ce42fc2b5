namespace TrustScore.Evaluation;

/// <summary>How a gate compares its metric with its threshold. Both comparisons are inclusive.</summary>
public enum GateComparison
{
    /// <summary>Passes when value ≥ threshold.</summary>
    AtLeast,

    /// <summary>Passes when value ≤ threshold.</summary>
    AtMost,
}
