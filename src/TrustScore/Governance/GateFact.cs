namespace TrustScore.Governance;

/// <summary>One gate result from a manifest's <c>gates.results</c>.</summary>
public sealed record GateFact(string Name, double Value, double Threshold, string Comparison, bool Passed);
