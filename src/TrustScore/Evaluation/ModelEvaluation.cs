using System.Globalization;
using TrustScore.Config;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.Export;

namespace TrustScore.Evaluation;

/// <summary>
/// Runbook §2 on the model as validators run it: scores a dataset split with the consensus
/// <see cref="Scorer"/> (float output and the integer score of the model's <see cref="ScoreRule"/>) and
/// feeds the <see cref="Evaluator"/>. Also the operation behind <c>trustscore evaluate</c>: an
/// exported version directory is digest-checked and conformance-checked before it scores.
/// </summary>
public static class ModelEvaluation
{
    /// <summary>The gate thresholds of the config's <c>evaluation</c> section.</summary>
    public static GateThresholds Thresholds(EvaluationThresholds config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new GateThresholds
        {
            MinR2 = config.MinR2,
            MaxMae = config.MaxMae,
            MaxRmse = config.MaxRmse,
            MinAccuracy5 = config.MinAccuracy5,
            MinAccuracy10 = config.MinAccuracy10,
            MinAccuracy20 = config.MinAccuracy20,
            MaxP95Error = config.MaxP95Error,
            MaxMeanBias = config.MaxMeanBias,
            MinTestSamples = config.MinTestSamples,
        };
    }

    /// <summary>Scores every row of <paramref name="split"/> with <paramref name="scorer"/> and evaluates the gates; integers by <paramref name="rule"/> (<see cref="ScoreRule.Default"/> when null).</summary>
    public static EvaluationResult Evaluate(Scorer scorer, DatasetSplit split, GateThresholds gates, Baseline? baseline = null, int threads = 1, ScoreRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Evaluate(scorer, split.Features, split.Labels, split.DocumentTypes, split.IsGenuine, gates, baseline, threads, rule);
    }

    /// <summary>
    /// Scores <paramref name="features"/> [n, 768] and evaluates them against <paramref name="labels"/> [n].
    /// </summary>
    public static EvaluationResult Evaluate(
        Scorer scorer, float[] features, float[] labels, IReadOnlyList<string>? documentTypes, IReadOnlyList<bool>? isGenuine,
        GateThresholds gates, Baseline? baseline = null, int threads = 1, ScoreRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        rule ??= ScoreRule.Default;
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        var predictions = Score(scorer, features, labels.Length, threads);
        var integers = new int[predictions.Length];
        for (int i = 0; i < predictions.Length; i++)
        {
            integers[i] = rule.ToScore(predictions[i]);
        }

        return Evaluator.Evaluate(new EvaluationInput(predictions, labels, documentTypes, isGenuine, integers, rule.Id), gates, baseline);
    }

    /// <summary>
    /// <c>trustscore evaluate</c>: loads the version directory (digest and conformance checked),
    /// reads the dataset (all records, or the test split when a config is given), scores it,
    /// applies the gates and, when asked, writes the three reports.
    /// </summary>
    /// <exception cref="BadInputException">Missing or unreadable model, dataset, config or baseline.</exception>
    /// <exception cref="VerificationFailedException">The model does not match its manifest or its conformance vectors.</exception>
    public static ModelEvaluationResult EvaluateVersion(ModelEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = ExportedModel.Load(options.ModelDir);
        EvaluationRows rows = LoadRows(options.DatasetPath, options.ConfigPath, options.Environment);
        var baseline = options.BaselinePath is null ? null : Baseline.Load(options.BaselinePath);
        var result = Evaluate(model.Scorer, rows.Features, rows.Labels, rows.DocumentTypes, rows.IsGenuine, rows.Gates, baseline, options.Threads, model.Rule);
        var reports = options.OutputDir is null ? null : EvaluationReportWriter.Write(options.OutputDir, result, null);
        return new ModelEvaluationResult(model.VersionDir, model.Manifest.Model.Version, model.Digest.Root, options.DatasetPath, rows.Selection, result, reports);
    }

    /// <summary>
    /// The records <c>evaluate</c> and <c>diff</c> score: the config's test split (and its gate
    /// thresholds) when <paramref name="configPath"/> is given, otherwise every record of
    /// <paramref name="datasetPath"/> (and the runbook's thresholds).
    /// </summary>
    /// <exception cref="BadInputException">Missing or unreadable dataset or config.</exception>
    internal static EvaluationRows LoadRows(string datasetPath, string? configPath, IReadOnlyDictionary<string, string?>? environment)
    {
        if (configPath is not null)
        {
            var config = ConfigLoader.Load(configPath, environment);
            config = config with { Dataset = config.Dataset with { DataPaths = [datasetPath] } };
            var test = DatasetLoader.Load(config).Test;
            return new EvaluationRows(test.Features, test.Labels, test.DocumentTypes, test.IsGenuine, test.AnonymizedIds, Thresholds(config.Evaluation), "test split");
        }

        var all = ReadAll(datasetPath);
        return new EvaluationRows(all.Features, all.Labels, all.DocumentTypes, all.IsGenuine, all.SampleIds, GateThresholds.Default, "all records");
    }

    /// <summary>Scores <paramref name="rows"/> rows of <paramref name="features"/> (the consensus scorer's float outputs).</summary>
    internal static float[] Score(Scorer scorer, float[] features, int rows, int threads)
    {
        var output = new float[rows];
        try
        {
            scorer.Score(features, rows, output, threads);
        }
        catch (ArgumentException ex)
        {
            throw new BadInputException($"the dataset cannot be scored: {ex.Message}", ex);
        }

        return output;
    }

    private static (float[] Features, float[] Labels, string[] DocumentTypes, bool[] IsGenuine, string[] SampleIds) ReadAll(string path)
    {
        IEnumerable<string> files;
        if (File.Exists(path))
        {
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".jsonl", StringComparison.Ordinal) || f.EndsWith(".parquet", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        else
        {
            throw new BadInputException($"--dataset '{path}' does not exist; pass a .jsonl or .parquet file or a directory of them.");
        }

        var features = new List<float>();
        var labels = new List<float>();
        var types = new List<string>();
        var genuine = new List<bool>();
        var ids = new List<string>();
        foreach (string file in files)
        {
            var records = file.EndsWith(".parquet", StringComparison.Ordinal) ? ParquetRecordReader.Read(file) : JsonlRecordReader.Read(file);
            foreach (var r in records)
            {
                features.AddRange(r.Features);
                labels.Add((float)r.TrustScore);
                types.Add(r.DocumentType);
                genuine.Add(r.IsGenuine);
                ids.Add(r.SampleId);
            }
        }

        if (labels.Count == 0)
        {
            throw new BadInputException(string.Create(CultureInfo.InvariantCulture, $"--dataset '{path}' holds no .jsonl or .parquet records."));
        }

        return (features.ToArray(), labels.ToArray(), types.ToArray(), genuine.ToArray(), ids.ToArray());
    }
}
