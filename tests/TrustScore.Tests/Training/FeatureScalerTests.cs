using TrustScore.Training;

namespace TrustScore.Tests.Training;

public sealed class FeatureScalerTests
{
    // Two features, five rows: feature 0 = 1..5, feature 1 constant 7.
    private static readonly TrainingData Data = new([1, 7, 2, 7, 3, 7, 4, 7, 5, 7], [10, 20, 30, 40, 50], 2);

    [Fact]
    public void Standard_UsesMeanAndPopulationStdAndOneForConstantFeatures()
    {
        var s = FeatureScaler.Fit(Data, FeatureScaling.Standard);
        Assert.Equal(3f, s.Center[0]);
        Assert.Equal((float)(1 / Math.Sqrt(2)), s.Multiplier[0]);
        Assert.Equal(7f, s.Center[1]);
        Assert.Equal(1f, s.Multiplier[1]);
    }

    [Fact]
    public void MinMax_MapsRangeToZeroOne()
    {
        var s = FeatureScaler.Fit(Data, FeatureScaling.MinMax);
        var row = new float[2];
        s.Apply(row, [5f, 7f]);
        Assert.Equal([1f, 0f], row);
        s.Apply(row, [1f, 7f]);
        Assert.Equal([0f, 0f], row);
    }

    [Fact]
    public void Robust_UsesMedianAndLinearInterquartileRange()
    {
        // NumPy: np.percentile([1,2,3,4,5], [25, 50, 75]) = [2, 3, 4] -> IQR 2.
        var s = FeatureScaler.Fit(Data, FeatureScaling.Robust);
        Assert.Equal(3f, s.Center[0]);
        Assert.Equal(0.5f, s.Multiplier[0]);
    }

    [Fact]
    public void None_IsIdentity()
    {
        var s = FeatureScaler.Fit(Data, FeatureScaling.None);
        Assert.True(s.IsIdentity);
        var row = new float[2];
        s.Apply(row, [3.25f, -1f]);
        Assert.Equal([3.25f, -1f], row);
    }
}
