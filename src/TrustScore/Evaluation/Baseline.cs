using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.Errors;

namespace TrustScore.Evaluation;

/// <summary>
/// The model a candidate is compared with (usually the one live now): its metrics and how much
/// worse the candidate may be.
/// </summary>
/// <param name="Source">Where the metrics came from, for reports.</param>
/// <param name="Metrics">The baseline's metrics.</param>
/// <param name="Tolerances">Allowed worsening per metric.</param>
public sealed record Baseline(string Source, RegressionMetrics Metrics, BaselineTolerances Tolerances)
{
    /// <summary>File name of the metrics a baseline directory must hold.</summary>
    public const string MetricsFileName = "evaluation_metrics.json";

    /// <summary>
    /// Loads baseline metrics from <paramref name="path"/>: a directory holding
    /// <c>evaluation_metrics.json</c>, or a JSON file whose upstream metric keys sit at the top
    /// level or under <c>metrics</c> (as in a manifest). Throws <see cref="BadInputException"/>
    /// naming the file when it is missing or lacks a metric.
    /// </summary>
    public static Baseline Load(string path, BaselineTolerances? tolerances = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string file = Directory.Exists(path) ? Path.Combine(path, MetricsFileName) : path;
        if (!File.Exists(file))
        {
            throw new BadInputException($"Baseline: {file} does not exist (expected a model directory holding {MetricsFileName}, or a metrics JSON file).");
        }

        JsonNode? root;
        try
        {
            root = StrictJson.ParseNode(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"Baseline: {file} is not valid JSON ({ex.Message}).", ex);
        }

        JsonObject? metrics = root as JsonObject;
        if (metrics is not null && !metrics.ContainsKey("mae") && metrics["metrics"] is JsonObject nested)
        {
            metrics = nested;
        }

        if (metrics is null)
        {
            throw new BadInputException($"Baseline: {file} does not hold a JSON object of metrics.");
        }

        var parsed = RegressionMetrics.FromJson(metrics, key => new BadInputException($"Baseline: {file} has no numeric metric '{key}'."));
        return new Baseline(file, parsed, (tolerances ?? BaselineTolerances.Default).Validate());
    }
}
