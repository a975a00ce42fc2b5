using TrustScore.Config;
using TrustScore.Data.Baselines;

namespace TrustScore.Tests.Data;

public class BaselineMetricsTests
{
    [Fact]
    public void Metrics_MatchHandComputedValues()
    {
        // labels 0,10,20,30; predictions off by +1,-2,+6,-21 (worked by hand).
        float[] labels = [0, 10, 20, 30];
        double[] predictions = [1, 8, 26, 9];
        var m = BaselineMetrics.Compute(predictions, labels);
        Assert.Equal(7.5, m.Mae, 12);                                // (1+2+6+21)/4
        Assert.Equal(Math.Sqrt((1 + 4 + 36 + 441) / 4.0), m.Rmse, 12);
        Assert.Equal(1 - (482.0 / 500.0), m.R2, 12);                  // SST = 225+25+25+225
        Assert.Equal((0.5, 0.75, 0.75), (m.Accuracy5, m.Accuracy10, m.Accuracy20));
        Assert.Equal(6 + (0.85 * 15), m.P95Error, 12);                // rank 2.85 between 6 and 21
        Assert.Equal(-4.0, m.MeanError, 12);
    }

    [Fact]
    public void FailedGates_NamesEachFailingGate()
    {
        var m = new BaselineMetrics(10, 0.9, 9, 9, 0.7, 0.9, 0.99, 10, -3);
        var t = new EvaluationThresholds
        {
            MinR2 = 0.85, MaxMae = 8, MaxRmse = 10, MinAccuracy5 = 0.6, MinAccuracy10 = 0.8, MinAccuracy20 = 0.95, MaxP95Error = 15, MaxMeanBias = 2, MinTestSamples = 1000,
        };
        Assert.Equal(["mae", "mean_bias", "min_test_samples"], m.FailedGates(t));
    }
}
