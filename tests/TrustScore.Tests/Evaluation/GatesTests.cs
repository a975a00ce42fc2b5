using TrustScore.Errors;
using TrustScore.Evaluation;

namespace TrustScore.Tests.Evaluation;

/// <summary>
/// The nine release gates of runbook §2.1: each passes exactly at its threshold (comparisons are
/// inclusive) and fails alone when its metric crosses the threshold by the smallest possible
/// amount (one ulp, or one sample).
/// </summary>
public class GatesTests
{
    private static readonly GateThresholds Defaults = GateThresholds.Default;

    /// <summary>Every gated metric exactly at its default threshold.</summary>
    private static RegressionMetrics AtThresholds() => new()
    {
        R2 = 0.85, Mae = 8.0, Rmse = 10.0, Accuracy5 = 0.60, Accuracy10 = 0.80, Accuracy20 = 0.95,
        P95Error = 15.0, MeanError = 2.0, NumSamples = 1000,
        Mse = 100, Mape = 0, Accuracy15 = 0.9, MeanPrediction = 50, StdPrediction = 20, StdError = 9,
        P50Error = 5, P90Error = 12, P99Error = 20, ConfusionMatrix = [],
    };

    public static TheoryData<string, Func<RegressionMetrics, RegressionMetrics>> SmallestCrossings() => new()
    {
        { "r2", m => m with { R2 = Math.BitDecrement(0.85) } },
        { "mae", m => m with { Mae = Math.BitIncrement(8.0) } },
        { "rmse", m => m with { Rmse = Math.BitIncrement(10.0) } },
        { "accuracy_5", m => m with { Accuracy5 = Math.BitDecrement(0.60) } },
        { "accuracy_10", m => m with { Accuracy10 = Math.BitDecrement(0.80) } },
        { "accuracy_20", m => m with { Accuracy20 = Math.BitDecrement(0.95) } },
        { "p95_error", m => m with { P95Error = Math.BitIncrement(15.0) } },
        { "abs_mean_error", m => m with { MeanError = Math.BitIncrement(2.0) } },
        { "abs_mean_error", m => m with { MeanError = Math.BitDecrement(-2.0) } },
        { "num_samples", m => m with { NumSamples = 999 } },
    };

    [Fact]
    public void Evaluate_EveryMetricExactlyAtThreshold_AllNinePass()
    {
        var report = Gates.Evaluate(AtThresholds(), Defaults);
        Assert.Equal(9, report.Gates.Count);
        Assert.True(report.Passed);
        Assert.All(report.Gates, g => Assert.Equal(0.0, g.Margin));
        Assert.Empty(report.Failed);
    }

    [Fact]
    public void Evaluate_NegativeBiasAtThreshold_Passes()
    {
        Assert.True(Gates.Evaluate(AtThresholds() with { MeanError = -2.0 }, Defaults).Passed);
    }

    [Theory]
    [MemberData(nameof(SmallestCrossings))]
    public void Evaluate_OneMetricCrossesBySmallestMargin_OnlyThatGateFails(string gate, Func<RegressionMetrics, RegressionMetrics> cross)
    {
        var report = Gates.Evaluate(cross(AtThresholds()), Defaults);
        Assert.False(report.Passed);
        var failed = Assert.Single(report.Failed);
        Assert.Equal(gate, failed.Name);
        Assert.True(failed.Margin < 0, $"margin of a failed gate must be negative, was {failed.Margin}");
    }

    [Fact]
    public void Evaluate_ReportsValueThresholdComparisonAndMargin()
    {
        var metrics = AtThresholds() with { R2 = 0.9, Mae = 5.5, MeanError = -1.25, NumSamples = 1234 };
        var report = Gates.Evaluate(metrics, Defaults);
        var r2 = report.Gates.Single(g => g.Name == "r2");
        Assert.Equal(("min_r2", 0.9, 0.85, GateComparison.AtLeast, ">="), (r2.ConfigKey, r2.Value, r2.Threshold, r2.Comparison, r2.ComparisonSymbol));
        Assert.Equal(0.9 - 0.85, r2.Margin);
        var mae = report.Gates.Single(g => g.Name == "mae");
        Assert.Equal(("max_mae", 5.5, GateComparison.AtMost, 2.5), (mae.ConfigKey, mae.Value, mae.Comparison, mae.Margin));
        var bias = report.Gates.Single(g => g.Name == "abs_mean_error");
        Assert.Equal(("max_mean_bias", 1.25, 0.75), (bias.ConfigKey, bias.Value, bias.Margin));
        var samples = report.Gates.Single(g => g.Name == "num_samples");
        Assert.Equal(("min_test_samples", 1234.0, 1000.0, 234.0), (samples.ConfigKey, samples.Value, samples.Threshold, samples.Margin));
        Assert.Equal(
            ["r2", "mae", "rmse", "accuracy_5", "accuracy_10", "accuracy_20", "p95_error", "abs_mean_error", "num_samples"],
            report.Gates.Select(g => g.Name));
    }

    [Fact]
    public void Evaluate_CustomThresholds_AreUsed()
    {
        var strict = Defaults with { MaxMae = 4.0, MinTestSamples = 2000 };
        var report = Gates.Evaluate(AtThresholds(), strict);
        Assert.Equal(["mae", "num_samples"], report.Failed.Select(g => g.Name));
    }

    [Theory]
    [InlineData("min_accuracy_5")]
    [InlineData("max_mae")]
    [InlineData("min_test_samples")]
    [InlineData("min_r2")]
    public void Validate_NonsenseThreshold_BadInputNamingTheKey(string key)
    {
        var bad = key switch
        {
            "min_accuracy_5" => Defaults with { MinAccuracy5 = 1.5 },
            "max_mae" => Defaults with { MaxMae = -1 },
            "min_test_samples" => Defaults with { MinTestSamples = 0 },
            _ => Defaults with { MinR2 = double.NaN },
        };
        var ex = Assert.Throws<BadInputException>(() => bad.Validate());
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }
}
