using TrustScore.Evaluation;

namespace TrustScore.Tests.Evaluation;

/// <summary>
/// Every metric against values computed by hand from the definitions in
/// docs/evaluation.md (including upstream's own test cases).
/// </summary>
public class MetricsTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void Compute_PerfectPredictions_ZeroErrorAndR2One()
    {
        double[] labels = [10, 30, 55, 80, 95];
        var m = Metrics.Compute(labels, labels);
        Assert.Equal(0, m.Mae);
        Assert.Equal(0, m.Mse);
        Assert.Equal(0, m.Rmse);
        Assert.Equal(0, m.Mape);
        Assert.Equal(1, m.R2);
        Assert.Equal(1, m.Accuracy5);
        Assert.Equal(1, m.Accuracy20);
        Assert.Equal(0, m.MeanError);
        Assert.Equal(0, m.StdError);
        Assert.Equal(0, m.P99Error);
        Assert.Equal(5, m.NumSamples);
    }

    [Fact]
    public void Compute_ConstantPlusFiveError_Mae5Mse25AndAccuracy5IsInclusive()
    {
        double[] labels = [10, 20, 30, 40, 50];
        double[] predictions = [15, 25, 35, 45, 55];
        var m = Metrics.Compute(predictions, labels);
        Assert.Equal(5, m.Mae, Tol);
        Assert.Equal(25, m.Mse, Tol);
        Assert.Equal(5, m.Rmse, Tol);
        Assert.Equal(1.0, m.Accuracy5); // |e| = 5 counts: ≤ is inclusive
        Assert.Equal(5, m.MeanError, Tol);
        Assert.Equal(0, m.StdError, Tol);
        Assert.Equal(5, m.P50Error, Tol);
        // ss_res = 5·25 = 125; labels mean 30, ss_tot = 400+100+0+100+400 = 1000.
        Assert.Equal(1 - (125.0 / 1000.0), m.R2, Tol);
        // mape = 100·mean(5/10, 5/20, 5/30, 5/40, 5/50)
        Assert.Equal(100 * ((0.5 + 0.25 + (5.0 / 30) + 0.125 + 0.1) / 5), m.Mape, 1e-10);
    }

    [Fact]
    public void Compute_UpstreamErrorCase_AccuraciesAndAllOtherMetrics()
    {
        // Errors +3, -8, +15, -5, +10 → |e| = [3, 8, 15, 5, 10] (upstream's accuracy case).
        double[] labels = [50, 40, 60, 20, 80];
        double[] predictions = [53, 32, 75, 15, 90];
        var m = Metrics.Compute(predictions, labels);

        Assert.Equal(0.4, m.Accuracy5, Tol);
        Assert.Equal(0.8, m.Accuracy10, Tol);
        Assert.Equal(1.0, m.Accuracy15, Tol);
        Assert.Equal(1.0, m.Accuracy20, Tol);

        Assert.Equal(41.0 / 5, m.Mae, Tol);                  // (3+8+15+5+10)/5
        Assert.Equal(423.0 / 5, m.Mse, Tol);                 // (9+64+225+25+100)/5
        Assert.Equal(Math.Sqrt(84.6), m.Rmse, Tol);
        Assert.Equal(1 - (423.0 / 2000.0), m.R2, Tol);      // ss_tot = 0+100+100+900+900
        Assert.Equal(3.0, m.MeanError, Tol);                 // (3-8+15-5+10)/5
        Assert.Equal(Math.Sqrt(378.0 / 5), m.StdError, Tol); // deviations 0,-11,12,-8,7
        Assert.Equal(53.0, m.MeanPrediction, Tol);
        Assert.Equal(Math.Sqrt(3738.0 / 5), m.StdPrediction, Tol); // deviations 0,-21,22,-38,37
        Assert.Equal(100 * (0.06 + 0.2 + 0.25 + 0.25 + 0.125) / 5, m.Mape, 1e-10);

        // Sorted |e| = [3, 5, 8, 10, 15]; h = 4·q.
        Assert.Equal(8.0, m.P50Error, Tol);   // h = 2
        Assert.Equal(13.0, m.P90Error, Tol);  // h = 3.6 → 10 + 0.6·5
        Assert.Equal(14.0, m.P95Error, Tol);  // h = 3.8 → 10 + 0.8·5
        Assert.Equal(14.8, m.P99Error, Tol);  // h = 3.96 → 10 + 0.96·5

        // Rows = label bin, columns = prediction bin.
        int[][] expected =
        [
            [1, 0, 0, 0], // label 20 → pred 15
            [0, 1, 0, 0], // label 40 → pred 32
            [0, 0, 1, 1], // label 50 → 53; label 60 → 75
            [0, 0, 0, 1], // label 80 → 90
        ];
        Assert.Equal(expected, m.ConfusionMatrix.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public void Compute_ZeroLabel_CountsZeroInMapeButKeepsItInTheMean()
    {
        // Upstream: ape = |e|/|y| where y ≠ 0, else 0; mape = 100·mean over all samples.
        var m = Metrics.Compute([1.0, 12.0], [0.0, 10.0]);
        Assert.Equal(10.0, m.Mape, Tol); // 100·(0 + 0.2)/2
    }

    [Fact]
    public void Compute_AllLabelsEqual_R2IsZero()
    {
        var m = Metrics.Compute([40.0, 60.0], [50.0, 50.0]);
        Assert.Equal(0.0, m.R2);
    }

    [Fact]
    public void Compute_EmptySet_AllZeros()
    {
        var m = Metrics.Compute(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty);
        Assert.Equal(0, m.NumSamples);
        Assert.Equal(0, m.Mae);
        Assert.Equal(0, m.R2);
        Assert.All(m.ConfusionMatrix, row => Assert.All(row, c => Assert.Equal(0, c)));
    }

    [Fact]
    public void Compute_FloatOverload_WidensExactly()
    {
        var m = Metrics.Compute(new float[] { 0.5f, 99.25f }, new float[] { 0.25f, 99.75f });
        Assert.Equal((0.25 + 0.5) / 2, m.Mae, Tol);
        Assert.Equal(-0.125, m.MeanError, Tol);
    }

    [Fact]
    public void Compute_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Compute([1.0], [1.0, 2.0]));
    }

    [Theory]
    [InlineData(-1.0, 0)]
    [InlineData(0.0, 0)]
    [InlineData(24.999, 0)]
    [InlineData(25.0, 1)]   // a bin holds its lower edge (np.digitize, right=False)
    [InlineData(49.999, 1)]
    [InlineData(50.0, 2)]
    [InlineData(75.0, 3)]
    [InlineData(100.0, 3)]  // 100 belongs to the last bin
    [InlineData(140.0, 3)]
    public void ScoreBin_MatchesDigitizeAndClip(double score, int bin)
    {
        Assert.Equal(bin, Metrics.ScoreBin(score));
    }

    [Theory]
    // NumPy "linear": h = (n-1)·p/100; value = x[floor h] + frac(h)·(x[floor h + 1] - x[floor h]).
    [InlineData(new double[] { 1, 2, 3, 4 }, 25, 1.75)]      // h = 0.75 (numpy docs' example family)
    [InlineData(new double[] { 1, 2, 3, 4 }, 50, 2.5)]       // h = 1.5
    [InlineData(new double[] { 1, 2, 3, 4 }, 100, 4)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0, 1)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 95, 9.55)] // h = 8.55
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 90, 9.1)]  // h = 8.1
    [InlineData(new double[] { 7 }, 99, 7)]
    [InlineData(new double[] { 0, 10 }, 99, 9.9)]            // h = 0.99
    public void PercentileOfSorted_MatchesNumpyLinear(double[] sorted, double percent, double expected)
    {
        Assert.Equal(expected, Metrics.PercentileOfSorted(sorted, percent), 1e-12);
    }

    [Fact]
    public void PercentileOfSorted_UpperHalfFraction_InterpolatesFromUpperNeighbourLikeNumpy()
    {
        // NumPy's _lerp evaluates b - (b-a)·(1-t) when t ≥ 0.5. With a = 0.1, b = 0.4, t = 0.75
        // that gives exactly 0.325, whereas a + (b-a)·t gives 0.32500000000000007 (checked in
        // CPython: 0.4 - 0.30000000000000004*0.25 == 0.325).
        double[] sorted = [0.1, 0.4, 0.9, 1.0, 2.0];
        Assert.NotEqual(0.325, 0.1 + ((0.4 - 0.1) * 0.75));
        Assert.Equal(0.325, Metrics.PercentileOfSorted(sorted, 18.75)); // h = 4·0.1875 = 0.75
    }

    [Fact]
    public void PercentileOfSorted_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metrics.PercentileOfSorted([], 50));
    }
}
