using TrustScore.Errors;

namespace TrustScore.Evaluation;

/// <summary>
/// How much worse than the baseline (the model that is live now) a candidate may be before the
/// comparison counts a regression (MLflow-style validation against a baseline). Each tolerance
/// is an absolute amount in the metric's units; 0 means "no worse at all".
/// </summary>
public sealed record BaselineTolerances
{
    /// <summary>Largest allowed drop in R².</summary>
    public double MaxR2Drop { get; init; } = 0.01;

    /// <summary>Largest allowed increase in MAE (score points).</summary>
    public double MaxMaeIncrease { get; init; } = 0.5;

    /// <summary>Largest allowed increase in RMSE (score points).</summary>
    public double MaxRmseIncrease { get; init; } = 0.5;

    /// <summary>Largest allowed drop in each of accuracy_5, accuracy_10, accuracy_20 (fraction).</summary>
    public double MaxAccuracyDrop { get; init; } = 0.01;

    /// <summary>Largest allowed increase in the 95th percentile error (score points).</summary>
    public double MaxP95ErrorIncrease { get; init; } = 1.0;

    /// <summary>Largest allowed increase in |mean error| (score points).</summary>
    public double MaxAbsMeanErrorIncrease { get; init; } = 0.5;

    /// <summary>The defaults above.</summary>
    public static BaselineTolerances Default { get; } = new();

    /// <summary>Throws <see cref="BadInputException"/> when a tolerance is negative or not finite.</summary>
    public BaselineTolerances Validate()
    {
        Require("max_r2_drop", MaxR2Drop);
        Require("max_mae_increase", MaxMaeIncrease);
        Require("max_rmse_increase", MaxRmseIncrease);
        Require("max_accuracy_drop", MaxAccuracyDrop);
        Require("max_p95_error_increase", MaxP95ErrorIncrease);
        Require("max_abs_mean_error_increase", MaxAbsMeanErrorIncrease);
        return this;
    }

    private static void Require(string key, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new BadInputException($"evaluation.baseline.{key} must be a finite number ≥ 0 (got {value}).");
        }
    }
}
