using TrustScore.Evaluation;

namespace TrustScore.Tests.Evaluation;

public class CalibrationTests
{
    [Fact]
    public void Compute_HandComputedBinsAndExpectedCalibrationError()
    {
        // Bin 0–10: preds 2, 4 (labels 0, 0); bin 50–60: preds 55, 57 (labels 60, 60);
        // bin 90–100: pred 100 (label 90) — 100 falls in the last bin.
        double[] predictions = [2, 4, 55, 57, 100];
        double[] labels = [0, 0, 60, 60, 90];
        var c = Calibration.Compute(predictions, labels);
        Assert.Equal(10, c.Bins.Count);
        Assert.Equal((0.0, 10.0, 2, 3.0, 0.0), (c.Bins[0].Lower, c.Bins[0].Upper, c.Bins[0].Count, c.Bins[0].MeanPredicted, c.Bins[0].MeanActual));
        Assert.Equal((2, 56.0, 60.0), (c.Bins[5].Count, c.Bins[5].MeanPredicted, c.Bins[5].MeanActual));
        Assert.Equal((1, 100.0, 90.0), (c.Bins[9].Count, c.Bins[9].MeanPredicted, c.Bins[9].MeanActual));
        Assert.Equal(0, c.Bins[3].Count);
        // ECE = (2/5)·3 + (2/5)·4 + (1/5)·10 = 1.2 + 1.6 + 2 = 4.8
        Assert.Equal(4.8, c.ExpectedCalibrationError, 1e-12);
    }

    [Fact]
    public void Compute_PerfectlyCalibrated_EceZero()
    {
        double[] values = [5, 15, 25, 35, 95];
        Assert.Equal(0.0, Calibration.Compute(values, values).ExpectedCalibrationError);
    }

    [Fact]
    public void Compute_BinEdgeBelongsToUpperBin()
    {
        var c = Calibration.Compute([10.0, 9.999], [0.0, 0.0]);
        Assert.Equal(1, c.Bins[0].Count);
        Assert.Equal(1, c.Bins[1].Count);
    }
}
