using System.Text.Json.Nodes;

namespace TrustScore.Evaluation;

/// <summary>
/// Upstream's evaluation metrics (runbook §2.1; docs/evaluation.md), with upstream's JSON
/// key names. With e = prediction − label: errors are in score points, accuracies are fractions
/// in [0, 1], <see cref="Mape"/> is a percentage.
/// </summary>
public sealed record RegressionMetrics
{
    /// <summary>mean |e|.</summary>
    public required double Mae { get; init; }

    /// <summary>mean e².</summary>
    public required double Mse { get; init; }

    /// <summary>√mse.</summary>
    public required double Rmse { get; init; }

    /// <summary>100 · mean over all samples of |e|/|label|, counting 0 where the label is 0 (upstream).</summary>
    public required double Mape { get; init; }

    /// <summary>1 − Σe²/Σ(y−ȳ)², or 0 when every label is equal.</summary>
    public required double R2 { get; init; }

    /// <summary>Fraction with |e| ≤ 5 (inclusive).</summary>
    public required double Accuracy5 { get; init; }

    /// <summary>Fraction with |e| ≤ 10 (inclusive).</summary>
    public required double Accuracy10 { get; init; }

    /// <summary>Fraction with |e| ≤ 15 (inclusive).</summary>
    public required double Accuracy15 { get; init; }

    /// <summary>Fraction with |e| ≤ 20 (inclusive).</summary>
    public required double Accuracy20 { get; init; }

    /// <summary>Mean prediction.</summary>
    public required double MeanPrediction { get; init; }

    /// <summary>Population standard deviation of the predictions.</summary>
    public required double StdPrediction { get; init; }

    /// <summary>Mean signed error (bias).</summary>
    public required double MeanError { get; init; }

    /// <summary>Population standard deviation of the signed error.</summary>
    public required double StdError { get; init; }

    /// <summary>Median of |e| (NumPy "linear" percentile).</summary>
    public required double P50Error { get; init; }

    /// <summary>90th percentile of |e| (NumPy "linear").</summary>
    public required double P90Error { get; init; }

    /// <summary>95th percentile of |e| (NumPy "linear").</summary>
    public required double P95Error { get; init; }

    /// <summary>99th percentile of |e| (NumPy "linear").</summary>
    public required double P99Error { get; init; }

    /// <summary>
    /// 4×4 counts over score bins [0,25), [25,50), [50,75), [75,100]: row = label's bin,
    /// column = prediction's bin (values below 0 fall in the first bin, above 100 in the last).
    /// </summary>
    public required IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; }

    /// <summary>Number of samples.</summary>
    public required int NumSamples { get; init; }

    /// <summary>The metrics as a JSON object with upstream's key names.</summary>
    public JsonObject ToJson()
    {
        var matrix = new JsonArray();
        foreach (var row in ConfusionMatrix)
        {
            var jsonRow = new JsonArray();
            foreach (int count in row)
            {
                jsonRow.Add(count);
            }

            matrix.Add(jsonRow);
        }

        return new JsonObject
        {
            ["mae"] = Mae,
            ["mse"] = Mse,
            ["rmse"] = Rmse,
            ["mape"] = Mape,
            ["r2"] = R2,
            ["accuracy_5"] = Accuracy5,
            ["accuracy_10"] = Accuracy10,
            ["accuracy_15"] = Accuracy15,
            ["accuracy_20"] = Accuracy20,
            ["mean_prediction"] = MeanPrediction,
            ["std_prediction"] = StdPrediction,
            ["mean_error"] = MeanError,
            ["std_error"] = StdError,
            ["p50_error"] = P50Error,
            ["p90_error"] = P90Error,
            ["p95_error"] = P95Error,
            ["p99_error"] = P99Error,
            ["confusion_matrix"] = matrix,
            ["num_samples"] = NumSamples,
        };
    }

    /// <summary>
    /// Reads metrics written by <see cref="ToJson"/> (e.g. a baseline's evaluation_metrics.json).
    /// A missing or non-numeric key throws the exception <paramref name="missing"/> builds, so the
    /// caller can name the file.
    /// </summary>
    public static RegressionMetrics FromJson(JsonObject json, Func<string, Exception> missing)
    {
        ArgumentNullException.ThrowIfNull(json);
        double Get(string key) => json[key] is JsonValue v && v.TryGetValue(out double d) ? d : throw missing(key);
        var matrix = new List<IReadOnlyList<int>>();
        if (json["confusion_matrix"] is JsonArray rows)
        {
            foreach (var row in rows)
            {
                matrix.Add(row is JsonArray cells ? cells.Select(c => c is JsonValue cv && cv.TryGetValue(out double d) ? (int)d : 0).ToArray() : []);
            }
        }

        return new RegressionMetrics
        {
            Mae = Get("mae"),
            Mse = Get("mse"),
            Rmse = Get("rmse"),
            Mape = Get("mape"),
            R2 = Get("r2"),
            Accuracy5 = Get("accuracy_5"),
            Accuracy10 = Get("accuracy_10"),
            Accuracy15 = Get("accuracy_15"),
            Accuracy20 = Get("accuracy_20"),
            MeanPrediction = Get("mean_prediction"),
            StdPrediction = Get("std_prediction"),
            MeanError = Get("mean_error"),
            StdError = Get("std_error"),
            P50Error = Get("p50_error"),
            P90Error = Get("p90_error"),
            P95Error = Get("p95_error"),
            P99Error = Get("p99_error"),
            ConfusionMatrix = matrix,
            NumSamples = (int)Get("num_samples"),
        };
    }
}
