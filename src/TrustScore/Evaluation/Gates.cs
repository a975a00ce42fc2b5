namespace TrustScore.Evaluation;

/// <summary>
/// Applies all nine release gates of runbook §2.1 to a set of metrics. Every gate is enforced
/// (upstream enforced three of them in its manifest and ignored failures in one pipeline).
/// Comparisons are inclusive and exact: a value equal to its threshold passes.
/// </summary>
public static class Gates
{
    /// <summary>Evaluates every gate of <paramref name="thresholds"/> on <paramref name="metrics"/>.</summary>
    public static GateReport Evaluate(RegressionMetrics metrics, GateThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(thresholds);
        return new GateReport(
        [
            AtLeast("r2", "min_r2", "R² (coefficient of determination)", metrics.R2, thresholds.MinR2),
            AtMost("mae", "max_mae", "Mean absolute error", metrics.Mae, thresholds.MaxMae),
            AtMost("rmse", "max_rmse", "Root mean squared error", metrics.Rmse, thresholds.MaxRmse),
            AtLeast("accuracy_5", "min_accuracy_5", "Fraction within ±5 points", metrics.Accuracy5, thresholds.MinAccuracy5),
            AtLeast("accuracy_10", "min_accuracy_10", "Fraction within ±10 points", metrics.Accuracy10, thresholds.MinAccuracy10),
            AtLeast("accuracy_20", "min_accuracy_20", "Fraction within ±20 points", metrics.Accuracy20, thresholds.MinAccuracy20),
            AtMost("p95_error", "max_p95_error", "95th percentile of |error|", metrics.P95Error, thresholds.MaxP95Error),
            AtMost("abs_mean_error", "max_mean_bias", "|Mean signed error| (bias)", Math.Abs(metrics.MeanError), thresholds.MaxMeanBias),
            AtLeast("num_samples", "min_test_samples", "Test samples", metrics.NumSamples, thresholds.MinTestSamples),
        ]);
    }

    private static GateResult AtLeast(string name, string key, string description, double value, double threshold) =>
        new(name, key, description, value, threshold, GateComparison.AtLeast, value - threshold, value >= threshold);

    private static GateResult AtMost(string name, string key, string description, double value, double threshold) =>
        new(name, key, description, value, threshold, GateComparison.AtMost, threshold - value, value <= threshold);
}
