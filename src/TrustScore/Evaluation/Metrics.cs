using System.Runtime.CompilerServices;

namespace TrustScore.Evaluation;

/// <summary>
/// Computes <see cref="RegressionMetrics"/> with upstream's exact definitions
/// (docs/evaluation.md). Sums run in double in sample order, so a result depends only on
/// the inputs and their order.
/// </summary>
public static class Metrics
{
    // Arrays, not interfaces, in the per-sample loops (no enumerator allocations). Declared
    // first: the read-only views below are initialised from them in textual order.
    private static readonly double[] BinEdges = [25.0, 50.0, 75.0];
    private static readonly double[] AccuracyLimits = [5.0, 10.0, 15.0, 20.0];

    /// <summary>Upper edges of the first three confusion-matrix bins (NumPy <c>digitize</c> edges).</summary>
    public static IReadOnlyList<double> ScoreBinEdges { get; } = Array.AsReadOnly(BinEdges);

    /// <summary>Display names of the four score bins.</summary>
    public static readonly IReadOnlyList<string> ScoreBinLabels = ["0-25", "25-50", "50-75", "75-100"];

    /// <summary>The absolute-error thresholds of the accuracy metrics (inclusive).</summary>
    public static IReadOnlyList<double> AccuracyThresholds { get; } = Array.AsReadOnly(AccuracyLimits);

    /// <summary>
    /// All metrics of <paramref name="predictions"/> against <paramref name="labels"/>. An empty
    /// set gives all zeros (as upstream); the sample-count gate then fails it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call over millions of samples: skip tier-0
    public static RegressionMetrics Compute(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        if (predictions.Length != labels.Length)
        {
            throw new ArgumentException($"{predictions.Length} predictions but {labels.Length} labels.", nameof(labels));
        }

        int n = labels.Length;
        if (n == 0)
        {
            return Empty();
        }

        var absErrors = new double[n];
        double sumAbs = 0, sumSq = 0, sumErr = 0, sumApe = 0, sumPred = 0, sumLabel = 0;
        var within = new int[AccuracyLimits.Length];
        for (int i = 0; i < n; i++)
        {
            double e = predictions[i] - labels[i];
            double a = Math.Abs(e);
            absErrors[i] = a;
            sumAbs += a;
            sumSq += e * e;
            sumErr += e;
            sumPred += predictions[i];
            sumLabel += labels[i];
            if (labels[i] != 0)
            {
                sumApe += a / Math.Abs(labels[i]);
            }

            for (int k = 0; k < within.Length; k++)
            {
                if (a <= AccuracyLimits[k])
                {
                    within[k]++;
                }
            }
        }

        double meanLabel = sumLabel / n;
        double meanPred = sumPred / n;
        double meanErr = sumErr / n;
        double ssTot = 0, varPred = 0, varErr = 0;
        for (int i = 0; i < n; i++)
        {
            double dy = labels[i] - meanLabel;
            ssTot += dy * dy;
            double dp = predictions[i] - meanPred;
            varPred += dp * dp;
            double de = (predictions[i] - labels[i]) - meanErr;
            varErr += de * de;
        }

        Array.Sort(absErrors);
        double mse = sumSq / n;
        return new RegressionMetrics
        {
            Mae = sumAbs / n,
            Mse = mse,
            Rmse = Math.Sqrt(mse),
            Mape = sumApe / n * 100.0,
            R2 = ssTot != 0 ? 1.0 - (sumSq / ssTot) : 0.0,
            Accuracy5 = (double)within[0] / n,
            Accuracy10 = (double)within[1] / n,
            Accuracy15 = (double)within[2] / n,
            Accuracy20 = (double)within[3] / n,
            MeanPrediction = meanPred,
            StdPrediction = Math.Sqrt(varPred / n),
            MeanError = meanErr,
            StdError = Math.Sqrt(varErr / n),
            P50Error = PercentileOfSorted(absErrors, 50),
            P90Error = PercentileOfSorted(absErrors, 90),
            P95Error = PercentileOfSorted(absErrors, 95),
            P99Error = PercentileOfSorted(absErrors, 99),
            ConfusionMatrix = ConfusionMatrix(predictions, labels),
            NumSamples = n,
        };
    }

    /// <summary>Metrics of float predictions against float labels (widened to double first).</summary>
    public static RegressionMetrics Compute(IReadOnlyList<float> predictions, IReadOnlyList<float> labels) =>
        Compute(Widen(predictions), Widen(labels));

    /// <summary>
    /// The <paramref name="percent"/>-th percentile of ascending <paramref name="sorted"/> by
    /// NumPy's default "linear" method: virtual index h = (n−1)·(percent/100), then
    /// interpolation between the order statistics around h, evaluated as NumPy's <c>_lerp</c>
    /// does (from the upper neighbour when the fraction is ≥ 0.5) so results match bit for bit.
    /// </summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            throw new ArgumentException("Percentile of an empty set.", nameof(sorted));
        }

        if (!(percent >= 0 && percent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Percent must be within [0, 100].");
        }

        double h = (sorted.Length - 1) * (percent / 100.0);
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        double t = h - lo;
        double a = sorted[lo], b = sorted[lo + 1];
        double diff = b - a;
        return t >= 0.5 ? b - (diff * (1.0 - t)) : a + (diff * t);
    }

    /// <summary>
    /// Score bin 0–3 of <paramref name="score"/> as NumPy <c>digitize(score, [25, 50, 75])</c>
    /// (a bin holds its lower edge), clipped to the four bins.
    /// </summary>
    public static int ScoreBin(double score)
    {
        int bin = 0;
        foreach (double edge in BinEdges)
        {
            if (score >= edge)
            {
                bin++;
            }
        }

        return bin;
    }

    /// <summary>4×4 counts, row = label's bin, column = prediction's bin.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        int bins = ScoreBinLabels.Count;
        var counts = new int[bins][];
        for (int r = 0; r < bins; r++)
        {
            counts[r] = new int[bins];
        }

        for (int i = 0; i < labels.Length; i++)
        {
            counts[ScoreBin(labels[i])][ScoreBin(predictions[i])]++;
        }

        return counts;
    }

    internal static double[] Widen(IReadOnlyList<float> values)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    internal static double[] Widen(IReadOnlyList<int> values)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private static RegressionMetrics Empty() => new()
    {
        Mae = 0, Mse = 0, Rmse = 0, Mape = 0, R2 = 0,
        Accuracy5 = 0, Accuracy10 = 0, Accuracy15 = 0, Accuracy20 = 0,
        MeanPrediction = 0, StdPrediction = 0, MeanError = 0, StdError = 0,
        P50Error = 0, P90Error = 0, P95Error = 0, P99Error = 0,
        ConfusionMatrix = ConfusionMatrix([], []),
        NumSamples = 0,
    };
}
