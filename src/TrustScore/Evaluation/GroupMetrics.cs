namespace TrustScore.Evaluation;

/// <summary>Metrics of one slice of the test set (a document type, or genuine/fraud samples).</summary>
/// <param name="Group">The slice's name (the <c>document_type</c> value, <c>genuine</c> or <c>fraud</c>).</param>
/// <param name="Metrics">The slice's metrics.</param>
public sealed record GroupMetrics(string Group, RegressionMetrics Metrics);
