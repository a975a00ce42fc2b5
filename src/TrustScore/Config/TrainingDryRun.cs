using System.Globalization;
using TrustScore.Data;

namespace TrustScore.Config;

/// <summary>
/// Runbook §1.2, <c>trustscore train --config FILE --dry-run</c>: validates the config and the
/// environment, loads the dataset exactly as a real run would (so every bad record, empty filter
/// result or missing path shows up now) and reports what a run would write. Writes nothing.
/// </summary>
public static class TrainingDryRun
{
    /// <summary>Runs the dry run; failures are <see cref="Errors.TrustScoreException"/>s.</summary>
    /// <param name="configPath">The YAML config.</param>
    /// <param name="outputDirectory">The run's output directory, or null for <c>output/trust_score_YYYYMMDD</c>.</param>
    /// <param name="time">Clock for the default output directory and version names.</param>
    /// <param name="environment">Variables for expansion; null means the process environment.</param>
    public static DryRunReport Run(string configPath, string? outputDirectory, TimeProvider time, IReadOnlyDictionary<string, string?>? environment = null) =>
        Run(new Training.TrainingPipelineOptions { ConfigPath = configPath, OutputDirectory = outputDirectory, Environment = environment }, time);

    /// <summary>
    /// Runs the dry run for the real run <paramref name="options"/> describe: the same preflight
    /// checks (<see cref="Training.TrainingPipeline.Preflight"/>), then the dataset load.
    /// </summary>
    public static DryRunReport Run(Training.TrainingPipelineOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var config = ConfigLoader.Load(options.ConfigPath, options.Environment);
        var (_, _, version) = Training.TrainingPipeline.Preflight(options, config, time);
        var dataset = DatasetLoader.Load(config);
        string output = options.OutputDirectory ?? Training.TrainingPipeline.DefaultOutputDirectory(time);
        var warnings = new List<string>(dataset.Warnings);
        if (dataset.Test.Count < config.Evaluation.MinTestSamples)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the test split has {dataset.Test.Count} samples, fewer than evaluation.min_test_samples ({config.Evaluation.MinTestSamples}): training can run but the release gates will fail."));
        }

        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            warnings.Add($"the output directory {output} already exists and is not empty.");
        }

        return new DryRunReport
        {
            Config = config,
            Dataset = dataset,
            OutputDirectory = output,
            WouldWrite =
            [
                "training_config.json",
                "dataset_manifest.json",
                "checkpoints/",
                "logs/tensorboard/train/",
                "logs/tensorboard/validation/",
                "training_history.json",
                "evaluation_report.txt",
                "evaluation_metrics.json",
                "evaluation_report.html",
                $"exported_models/{version}/",
            ],
            Warnings = warnings,
        };
    }
}
