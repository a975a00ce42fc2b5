namespace TrustScore.Data.Baselines;

/// <summary>Test-split metrics of the trivial predictors (and, for synthetic data, the noise-free oracle).</summary>
/// <param name="Mean">Predicting the training-label mean for everything.</param>
/// <param name="Linear">Least squares on the 768 features.</param>
/// <param name="Oracle">The synthetic generator's noise-free label (null when the seed is not known).</param>
public sealed record BaselineReport(BaselineMetrics Mean, BaselineMetrics Linear, BaselineMetrics? Oracle)
{
    /// <summary>Computes the report for <paramref name="dataset"/>; <paramref name="syntheticSeed"/> enables the oracle.</summary>
    public static BaselineReport Compute(LoadedDataset dataset, ulong? syntheticSeed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var test = dataset.Test;
        double trainMean = 0;
        foreach (float y in dataset.Train.Labels)
        {
            trainMean += y;
        }

        trainMean /= dataset.Train.Count;
        var meanPredictions = Enumerable.Repeat(trainMean, test.Count).ToArray();
        var mean = BaselineMetrics.Compute(meanPredictions, test.Labels);
        var linear = BaselineMetrics.Compute(LinearBaseline.FitPredict(dataset.Train, test), test.Labels);
        BaselineMetrics? oracle = null;
        if (syntheticSeed is ulong seed)
        {
            var label = new SyntheticLabel(seed);
            var clean = new double[test.Count];
            for (int i = 0; i < test.Count; i++)
            {
                clean[i] = label.Clean(test.Row(i));
            }

            oracle = BaselineMetrics.Compute(clean, test.Labels);
        }

        return new BaselineReport(mean, linear, oracle);
    }
}
