using System.Text.Json.Nodes;

namespace TrustScore.Evaluation;

/// <summary>
/// Calibration of the score (runbook §2, extended): predictions are grouped into equal-width bins
/// over 0–100; each bin compares its mean prediction with its mean label. The expected
/// calibration error is the sample-weighted mean gap, Σ (count/n)·|mean predicted − mean actual|,
/// in score points (0 = perfectly calibrated).
/// </summary>
/// <param name="Bins">Bins in ascending order, empty ones included.</param>
/// <param name="ExpectedCalibrationError">ECE in score points.</param>
public sealed record Calibration(IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError)
{
    /// <summary>Default number of bins (width 10 points).</summary>
    public const int DefaultBinCount = 10;

    /// <summary>Bins <paramref name="predictions"/> against <paramref name="labels"/>.</summary>
    public static Calibration Compute(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels, int binCount = DefaultBinCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        double width = 100.0 / binCount;
        var counts = new int[binCount];
        var sumPred = new double[binCount];
        var sumLabel = new double[binCount];
        for (int i = 0; i < predictions.Length; i++)
        {
            int bin = (int)Math.Floor(predictions[i] / width);
            bin = Math.Clamp(bin, 0, binCount - 1);
            counts[bin]++;
            sumPred[bin] += predictions[i];
            sumLabel[bin] += labels[i];
        }

        var bins = new CalibrationBin[binCount];
        double ece = 0;
        for (int b = 0; b < binCount; b++)
        {
            double meanPred = counts[b] > 0 ? sumPred[b] / counts[b] : 0;
            double meanActual = counts[b] > 0 ? sumLabel[b] / counts[b] : 0;
            bins[b] = new CalibrationBin(b * width, (b + 1) * width, counts[b], meanPred, meanActual);
            if (predictions.Length > 0)
            {
                ece += (double)counts[b] / predictions.Length * bins[b].Gap;
            }
        }

        return new Calibration(bins, ece);
    }

    /// <summary>JSON form: <c>expected_calibration_error</c> and <c>bins</c>.</summary>
    public JsonObject ToJson()
    {
        var bins = new JsonArray();
        foreach (var bin in Bins)
        {
            bins.Add(new JsonObject
            {
                ["lower"] = bin.Lower,
                ["upper"] = bin.Upper,
                ["count"] = bin.Count,
                ["mean_predicted"] = bin.MeanPredicted,
                ["mean_actual"] = bin.MeanActual,
            });
        }

        return new JsonObject { ["expected_calibration_error"] = ExpectedCalibrationError, ["bins"] = bins };
    }
}
