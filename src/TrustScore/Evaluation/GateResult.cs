namespace TrustScore.Evaluation;

/// <summary>
/// One release gate's outcome. <see cref="Margin"/> is signed headroom in the metric's units:
/// positive or zero means the gate passed with that much to spare, negative means it missed by
/// that much (value − threshold for ≥ gates, threshold − value for ≤ gates).
/// </summary>
/// <param name="Name">Gate name, the metric's upstream key (e.g. <c>r2</c>, <c>abs_mean_error</c>).</param>
/// <param name="ConfigKey">The config's <c>evaluation</c> key holding the threshold.</param>
/// <param name="Description">What the gate checks, for people.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="Comparison">How value and threshold are compared.</param>
/// <param name="Margin">Signed headroom (see above).</param>
/// <param name="Passed">Whether the gate passed.</param>
public sealed record GateResult(
    string Name,
    string ConfigKey,
    string Description,
    double Value,
    double Threshold,
    GateComparison Comparison,
    double Margin,
    bool Passed)
{
    /// <summary>The comparison as a symbol: <c>&gt;=</c> or <c>&lt;=</c>.</summary>
    public string ComparisonSymbol => Comparison == GateComparison.AtLeast ? ">=" : "<=";
}
