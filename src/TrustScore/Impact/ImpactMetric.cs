namespace TrustScore.Impact;

/// <summary>One evaluation metric with each model on the same records.</summary>
/// <param name="Name">Metric key as in evaluation_metrics.json (<c>r2</c>, <c>mae</c>, …).</param>
/// <param name="From">With the from model.</param>
/// <param name="To">With the to model.</param>
public sealed record ImpactMetric(string Name, double From, double To)
{
    /// <summary>To − from.</summary>
    public double Delta => To - From;
}
