using System.Text.Json.Serialization;

namespace TrustScore.Config;

/// <summary>The <c>evaluation</c> section: the nine release gates, all of which must pass (runbook §2.2).</summary>
public sealed record EvaluationThresholds
{
    [JsonPropertyName("min_r2")]
    public required double MinR2 { get; init; }

    public required double MaxMae { get; init; }

    public required double MaxRmse { get; init; }

    [JsonPropertyName("min_accuracy_5")]
    public required double MinAccuracy5 { get; init; }

    [JsonPropertyName("min_accuracy_10")]
    public required double MinAccuracy10 { get; init; }

    [JsonPropertyName("min_accuracy_20")]
    public required double MinAccuracy20 { get; init; }

    [JsonPropertyName("max_p95_error")]
    public required double MaxP95Error { get; init; }

    public required double MaxMeanBias { get; init; }

    public required int MinTestSamples { get; init; }
}
