using TrustScore.Evaluation;
using TrustScore.Export;
using TrustScore.Governance;

namespace TrustScore.Impact;

/// <summary>
/// <c>trustscore diff</c> (docs/governance.md, "Impact report"): scores the same records with
/// two exported versions through the consensus scorer — each digest- and conformance-checked
/// on load, exactly as validators run it, each under the score rule it seals — and compares the
/// integer scores validators publish:
/// how many change and by how much, who crosses each decision threshold of the chain profile
/// (per document type and genuine/fraud), the metric deltas and the largest individual changes.
/// </summary>
public static class ImpactAnalysis
{
    /// <summary>Compares the two versions on the dataset.</summary>
    /// <exception cref="Errors.BadInputException">Missing or unreadable model, dataset or config.</exception>
    /// <exception cref="Errors.VerificationFailedException">A model does not match its manifest or its conformance vectors.</exception>
    public static ImpactReport Run(ImpactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var from = ExportedModel.Load(options.FromDir);
        var to = ExportedModel.Load(options.ToDir);
        EvaluationRows rows = ModelEvaluation.LoadRows(options.DatasetPath, options.ConfigPath, options.Environment);
        EvaluationResult before = ModelEvaluation.Evaluate(from.Scorer, rows.Features, rows.Labels, rows.DocumentTypes, rows.IsGenuine, rows.Gates, null, options.Threads, from.Rule);
        EvaluationResult after = ModelEvaluation.Evaluate(to.Scorer, rows.Features, rows.Labels, rows.DocumentTypes, rows.IsGenuine, rows.Gates, null, options.Threads, to.Rule);
        IReadOnlyList<int> a = before.Input.IntegerScores!;
        IReadOnlyList<int> b = after.Input.IntegerScores!;

        var histogram = new SortedDictionary<int, int>();
        for (int i = 0; i < a.Count; i++)
        {
            int delta = b[i] - a[i];
            histogram[delta] = histogram.GetValueOrDefault(delta) + 1;
        }

        var changes = Enumerable.Range(0, a.Count)
            .Where(i => a[i] != b[i])
            .Select(i => new ScoreChange(rows.SampleIds[i], rows.DocumentTypes[i], rows.IsGenuine[i], rows.Labels[i], a[i], b[i]))
            .OrderByDescending(c => Math.Abs(c.Delta))
            .ThenBy(c => c.SampleId, StringComparer.Ordinal)
            .Take(Math.Max(0, options.LargestChanges))
            .ToList();

        return new ImpactReport
        {
            From = new ImpactModel(from.Manifest.Model.Version, from.Digest.Root, from.VersionDir),
            To = new ImpactModel(to.Manifest.Model.Version, to.Digest.Root, to.VersionDir),
            DatasetPath = options.DatasetPath,
            Selection = rows.Selection,
            ChainProfile = options.Chain.Name,
            Records = a.Count,
            ChangeHistogram = [.. histogram.Select(kv => (kv.Key, kv.Value))],
            Thresholds = [.. options.Chain.ScoreThresholds.Select(t => Threshold(t, a, b, rows))],
            Metrics = Metrics(before, after),
            LargestChanges = changes,
        };
    }

    private static ThresholdImpact Threshold(ScoreThreshold threshold, IReadOnlyList<int> a, IReadOnlyList<int> b, EvaluationRows rows)
    {
        int up = 0, down = 0, passingBefore = 0, passingAfter = 0;
        var byType = new SortedDictionary<string, (int Records, int Up, int Down)>(StringComparer.Ordinal);
        var byPopulation = new SortedDictionary<string, (int Records, int Up, int Down)>(StringComparer.Ordinal);
        for (int i = 0; i < a.Count; i++)
        {
            bool was = threshold.Passes(a[i]), now = threshold.Passes(b[i]);
            passingBefore += was ? 1 : 0;
            passingAfter += now ? 1 : 0;
            int crossedUp = !was && now ? 1 : 0, crossedDown = was && !now ? 1 : 0;
            up += crossedUp;
            down += crossedDown;
            Add(byType, rows.DocumentTypes[i], crossedUp, crossedDown);
            Add(byPopulation, rows.IsGenuine[i] ? "genuine" : "fraud", crossedUp, crossedDown);
        }

        return new ThresholdImpact(threshold.Name, threshold.MinScore, passingBefore, passingAfter, up, down, Groups(byType), Groups(byPopulation));
    }

    private static void Add(SortedDictionary<string, (int Records, int Up, int Down)> groups, string key, int up, int down)
    {
        var g = groups.GetValueOrDefault(key);
        groups[key] = (g.Records + 1, g.Up + up, g.Down + down);
    }

    private static List<ImpactGroupCrossing> Groups(SortedDictionary<string, (int Records, int Up, int Down)> groups) =>
        [.. groups.Select(kv => new ImpactGroupCrossing(kv.Key, kv.Value.Records, kv.Value.Up, kv.Value.Down))];

    private static List<ImpactMetric> Metrics(EvaluationResult before, EvaluationResult after)
    {
        RegressionMetrics f = before.Metrics, t = after.Metrics;
        var metrics = new List<ImpactMetric>
        {
            new("r2", f.R2, t.R2),
            new("mae", f.Mae, t.Mae),
            new("rmse", f.Rmse, t.Rmse),
            new("accuracy_5", f.Accuracy5, t.Accuracy5),
            new("accuracy_10", f.Accuracy10, t.Accuracy10),
            new("accuracy_20", f.Accuracy20, t.Accuracy20),
            new("p95_error", f.P95Error, t.P95Error),
            new("mean_error", f.MeanError, t.MeanError),
            new("mean_prediction", f.MeanPrediction, t.MeanPrediction),
        };
        if (before.IntegerScoreMetrics is { } fi && after.IntegerScoreMetrics is { } ti)
        {
            metrics.Add(new ImpactMetric("integer_score_mae", fi.Mae, ti.Mae));
        }

        return metrics;
    }
}
