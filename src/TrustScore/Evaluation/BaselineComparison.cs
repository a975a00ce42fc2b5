using System.Text.Json.Nodes;

namespace TrustScore.Evaluation;

/// <summary>
/// The candidate compared metric by metric with the baseline model (runbook §2, extended:
/// MLflow-style promotion thresholds against the live model).
/// </summary>
/// <param name="Source">Where the baseline metrics came from (a path or a registry version).</param>
/// <param name="Deltas">Every compared metric.</param>
public sealed record BaselineComparison(string Source, IReadOnlyList<MetricDelta> Deltas)
{
    /// <summary>True when no metric regressed beyond its tolerance.</summary>
    public bool Passed => Deltas.All(d => !d.Regressed);

    /// <summary>The metrics that regressed.</summary>
    public IReadOnlyList<MetricDelta> Regressions => Deltas.Where(d => d.Regressed).ToArray();

    /// <summary>Compares <paramref name="candidate"/> with <paramref name="baseline"/>.</summary>
    public static BaselineComparison Compare(RegressionMetrics candidate, Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        var b = baseline.Metrics;
        var t = baseline.Tolerances;
        return new BaselineComparison(baseline.Source,
        [
            new("r2", b.R2, candidate.R2, t.MaxR2Drop, HigherIsBetter: true),
            new("mae", b.Mae, candidate.Mae, t.MaxMaeIncrease, HigherIsBetter: false),
            new("rmse", b.Rmse, candidate.Rmse, t.MaxRmseIncrease, HigherIsBetter: false),
            new("accuracy_5", b.Accuracy5, candidate.Accuracy5, t.MaxAccuracyDrop, HigherIsBetter: true),
            new("accuracy_10", b.Accuracy10, candidate.Accuracy10, t.MaxAccuracyDrop, HigherIsBetter: true),
            new("accuracy_20", b.Accuracy20, candidate.Accuracy20, t.MaxAccuracyDrop, HigherIsBetter: true),
            new("p95_error", b.P95Error, candidate.P95Error, t.MaxP95ErrorIncrease, HigherIsBetter: false),
            new("abs_mean_error", Math.Abs(b.MeanError), Math.Abs(candidate.MeanError), t.MaxAbsMeanErrorIncrease, HigherIsBetter: false),
        ]);
    }

    /// <summary>
    /// JSON form: <c>{"source", "passed", "metrics": [{name, baseline, candidate, delta,
    /// tolerance, higher_is_better, regressed}]}</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var metrics = new JsonArray();
        foreach (var d in Deltas)
        {
            metrics.Add(new JsonObject
            {
                ["name"] = d.Name,
                ["baseline"] = d.Baseline,
                ["candidate"] = d.Candidate,
                ["delta"] = d.Delta,
                ["tolerance"] = d.Tolerance,
                ["higher_is_better"] = d.HigherIsBetter,
                ["regressed"] = d.Regressed,
            });
        }

        return new JsonObject { ["source"] = Source, ["passed"] = Passed, ["metrics"] = metrics };
    }
}
