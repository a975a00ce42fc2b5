using TrustScore.Config;
using TrustScore.Data.Baselines;

namespace TrustScore.Data;

/// <summary>
/// <c>trustscore dataset inspect</c>: loads a dataset with a config's ingestion rules and reports
/// counts, label distribution, the filter and split report, and optionally the trivial baselines
/// (mean, linear, and the synthetic oracle) used to calibrate synthetic data.
/// </summary>
public static class DatasetInspection
{
    /// <summary>Inspects <paramref name="dataPath"/> under <paramref name="config"/>'s rules (its data_paths are replaced).</summary>
    public static DatasetInspectionReport Run(string dataPath, TrainingConfig config, bool baselines, ulong? syntheticSeed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var withPath = config with
        {
            Dataset = config.Dataset with
            {
                DataPaths = [dataPath],
                DataPathSources = [new ExpandedValue(dataPath, dataPath, "PATH argument", [])],
            },
        };
        var dataset = DatasetLoader.Load(withPath);
        var all = dataset.Train.Labels.Concat(dataset.Validation.Labels).Concat(dataset.Test.Labels);
        var types = dataset.Train.DocumentTypes.Concat(dataset.Validation.DocumentTypes).Concat(dataset.Test.DocumentTypes)
            .GroupBy(t => t, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var report = baselines || syntheticSeed is not null ? BaselineReport.Compute(dataset, syntheticSeed) : null;
        return new DatasetInspectionReport(dataset, LabelSummary.Of(all), types, report, config.Evaluation);
    }
}
