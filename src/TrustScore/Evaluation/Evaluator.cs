namespace TrustScore.Evaluation;

/// <summary>
/// Runbook §2 "Evaluating model quality": computes every metric, breakdown and gate for one test
/// set. Pure: no I/O (see <see cref="EvaluationReportWriter"/> for the reports). Too few samples
/// is a failed gate, not an exception; malformed input throws
/// <see cref="Errors.BadInputException"/>.
/// </summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="input"/> against <paramref name="gates"/> and, when given, <paramref name="baseline"/>.</summary>
    public static EvaluationResult Evaluate(EvaluationInput input, GateThresholds gates, Baseline? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(gates);
        input.Validate();
        gates.Validate();
        baseline?.Tolerances.Validate();

        double[] predictions = Metrics.Widen(input.Predictions);
        double[] labels = Metrics.Widen(input.Labels);
        var metrics = Metrics.Compute(predictions, labels);
        var integerMetrics = input.IntegerScores is null ? null : Metrics.Compute(Metrics.Widen(input.IntegerScores), labels);

        var byDocumentType = new List<GroupMetrics>();
        if (input.DocumentTypes is not null)
        {
            foreach (string type in input.DocumentTypes.Distinct().Order(StringComparer.Ordinal))
            {
                byDocumentType.Add(new GroupMetrics(type, Slice(predictions, labels, i => input.DocumentTypes[i] == type)));
            }
        }

        var byGenuineness = new List<GroupMetrics>();
        if (input.IsGenuine is not null)
        {
            foreach (var (name, genuine) in new[] { ("genuine", true), ("fraud", false) })
            {
                if (input.IsGenuine.Contains(genuine))
                {
                    byGenuineness.Add(new GroupMetrics(name, Slice(predictions, labels, i => input.IsGenuine[i] == genuine)));
                }
            }
        }

        return new EvaluationResult
        {
            Input = input,
            Metrics = metrics,
            IntegerScoreMetrics = integerMetrics,
            ByDocumentType = byDocumentType,
            ByGenuineness = byGenuineness,
            Calibration = Calibration.Compute(predictions, labels),
            Thresholds = gates,
            Gates = Gates.Evaluate(metrics, gates),
            Baseline = baseline is null ? null : BaselineComparison.Compare(metrics, baseline),
        };
    }

    private static RegressionMetrics Slice(double[] predictions, double[] labels, Func<int, bool> include)
    {
        var p = new List<double>();
        var l = new List<double>();
        for (int i = 0; i < predictions.Length; i++)
        {
            if (include(i))
            {
                p.Add(predictions[i]);
                l.Add(labels[i]);
            }
        }

        return Metrics.Compute(p.ToArray(), l.ToArray());
    }
}
