namespace TrustScore.Signing;

/// <summary>One release gate as evaluated (runbook §2.2).</summary>
/// <param name="Name">Gate name, e.g. <c>r2_min</c>.</param>
/// <param name="Value">Measured value.</param>
/// <param name="Threshold">Threshold it was compared with.</param>
/// <param name="Comparison">Operator: <c>&gt;=</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&lt;</c> or <c>==</c>.</param>
/// <param name="Margin">Distance from the threshold on the passing side (negative when failing).</param>
/// <param name="Passed">Whether the gate passed.</param>
public sealed record ManifestGateResult(string Name, double Value, double Threshold, string Comparison, double Margin, bool Passed);
