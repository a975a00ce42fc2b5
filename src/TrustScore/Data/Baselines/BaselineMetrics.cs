using TrustScore.Config;

namespace TrustScore.Data.Baselines;

/// <summary>
/// The release-gate metrics of a set of predictions (formulas of upstream's evaluation:
/// e = prediction − label; p95 of |e| with linear interpolation between order statistics).
/// Used to calibrate the synthetic data against trivial predictors; the evaluation stage has
/// its own full report.
/// </summary>
public sealed record BaselineMetrics(int Count, double R2, double Mae, double Rmse, double Accuracy5, double Accuracy10, double Accuracy20, double P95Error, double MeanError)
{
    /// <summary>Computes the metrics of <paramref name="predictions"/> against <paramref name="labels"/>.</summary>
    public static BaselineMetrics Compute(ReadOnlySpan<double> predictions, ReadOnlySpan<float> labels)
    {
        int n = labels.Length;
        if (n == 0 || predictions.Length != n)
        {
            throw new ArgumentException("predictions and labels must be non-empty and of equal length");
        }

        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += labels[i];
        }

        mean /= n;
        double sse = 0, sst = 0, sae = 0, se = 0;
        int a5 = 0, a10 = 0, a20 = 0;
        var abs = new double[n];
        for (int i = 0; i < n; i++)
        {
            double e = predictions[i] - labels[i];
            double ae = Math.Abs(e);
            abs[i] = ae;
            sse += e * e;
            sst += (labels[i] - mean) * (labels[i] - mean);
            sae += ae;
            se += e;
            a5 += ae <= 5 ? 1 : 0;
            a10 += ae <= 10 ? 1 : 0;
            a20 += ae <= 20 ? 1 : 0;
        }

        Array.Sort(abs);
        double rank = 0.95 * (n - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, n - 1);
        double p95 = abs[lo] + ((rank - lo) * (abs[hi] - abs[lo]));
        return new BaselineMetrics(n, sst == 0 ? 0 : 1 - (sse / sst), sae / n, Math.Sqrt(sse / n), a5 / (double)n, a10 / (double)n, a20 / (double)n, p95, se / n);
    }

    /// <summary>Names of the gates these metrics fail under <paramref name="t"/> (empty when all pass).</summary>
    public IReadOnlyList<string> FailedGates(EvaluationThresholds t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var failed = new List<string>();
        if (R2 < t.MinR2)
        {
            failed.Add("r2");
        }

        if (Mae > t.MaxMae)
        {
            failed.Add("mae");
        }

        if (Rmse > t.MaxRmse)
        {
            failed.Add("rmse");
        }

        if (Accuracy5 < t.MinAccuracy5)
        {
            failed.Add("accuracy_5");
        }

        if (Accuracy10 < t.MinAccuracy10)
        {
            failed.Add("accuracy_10");
        }

        if (Accuracy20 < t.MinAccuracy20)
        {
            failed.Add("accuracy_20");
        }

        if (P95Error > t.MaxP95Error)
        {
            failed.Add("p95_error");
        }

        if (Math.Abs(MeanError) > t.MaxMeanBias)
        {
            failed.Add("mean_bias");
        }

        if (Count < t.MinTestSamples)
        {
            failed.Add("min_test_samples");
        }

        return failed;
    }
}
