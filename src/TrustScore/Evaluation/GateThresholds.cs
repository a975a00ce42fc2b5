using TrustScore.Errors;

namespace TrustScore.Evaluation;

/// <summary>
/// The nine release gates (runbook §2.1; the config's <c>evaluation</c> section, whose key is
/// named beside each property). Defaults are the runbook's values. Immutable; validated once.
/// </summary>
public sealed record GateThresholds
{
    /// <summary><c>min_r2</c>: R² must be at least this.</summary>
    public double MinR2 { get; init; } = 0.85;

    /// <summary><c>max_mae</c>: MAE must be at most this (score points).</summary>
    public double MaxMae { get; init; } = 8.0;

    /// <summary><c>max_rmse</c>: RMSE must be at most this (score points).</summary>
    public double MaxRmse { get; init; } = 10.0;

    /// <summary><c>min_accuracy_5</c>: fraction within ±5 must be at least this.</summary>
    public double MinAccuracy5 { get; init; } = 0.60;

    /// <summary><c>min_accuracy_10</c>: fraction within ±10 must be at least this.</summary>
    public double MinAccuracy10 { get; init; } = 0.80;

    /// <summary><c>min_accuracy_20</c>: fraction within ±20 must be at least this.</summary>
    public double MinAccuracy20 { get; init; } = 0.95;

    /// <summary><c>max_p95_error</c>: the 95th percentile of |error| must be at most this.</summary>
    public double MaxP95Error { get; init; } = 15.0;

    /// <summary><c>max_mean_bias</c>: |mean error| must be at most this (score points).</summary>
    public double MaxMeanBias { get; init; } = 2.0;

    /// <summary><c>min_test_samples</c>: the test set must have at least this many samples.</summary>
    public int MinTestSamples { get; init; } = 1000;

    /// <summary>The runbook's defaults.</summary>
    public static GateThresholds Default { get; } = new();

    /// <summary>Throws <see cref="BadInputException"/> naming the first threshold that makes no sense.</summary>
    public GateThresholds Validate()
    {
        RequireFinite("min_r2", MinR2, double.NegativeInfinity, 1.0);
        RequireFinite("max_mae", MaxMae, 0, double.MaxValue);
        RequireFinite("max_rmse", MaxRmse, 0, double.MaxValue);
        RequireFinite("min_accuracy_5", MinAccuracy5, 0, 1);
        RequireFinite("min_accuracy_10", MinAccuracy10, 0, 1);
        RequireFinite("min_accuracy_20", MinAccuracy20, 0, 1);
        RequireFinite("max_p95_error", MaxP95Error, 0, double.MaxValue);
        RequireFinite("max_mean_bias", MaxMeanBias, 0, double.MaxValue);
        if (MinTestSamples < 1)
        {
            throw new BadInputException($"evaluation.min_test_samples must be at least 1 (got {MinTestSamples}).");
        }

        return this;
    }

    private static void RequireFinite(string key, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            string range = (double.IsNegativeInfinity(min), max == double.MaxValue) switch
            {
                (true, _) => $"a number ≤ {max}",
                (_, true) => $"a number ≥ {min}",
                _ => $"a number in [{min}, {max}]",
            };
            throw new BadInputException($"evaluation.{key} must be {range} (got {value}).");
        }
    }
}
