using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using TrustScore.IO;

namespace TrustScore.Config;

/// <summary>
/// The resolved, validated training configuration (runbook §1.2; upstream's
/// <c>trust_score_v1.yaml</c>). Immutable. Its canonical JSON (snake_case keys, every default
/// filled in, variables expanded) and that JSON's SHA-256 identify the config in manifests.
/// </summary>
public sealed record TrainingConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,

        // C# 'required' is about construction, not JSON; without this System.Text.Json refuses the type.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties)
                    {
                        property.IsRequired = false;
                    }
                },
            },
        },
    };

    /// <summary>The file it was loaded from (not part of the digest).</summary>
    [JsonIgnore]
    public required string SourcePath { get; init; }

    public required string ConfigVersion { get; init; }

    public required string FeatureSchemaVersion { get; init; }

    public required string DatasetVersion { get; init; }

    public required string ExperimentName { get; init; }

    public required long RandomSeed { get; init; }

    public required bool Deterministic { get; init; }

    public required string LogLevel { get; init; }

    public required DatasetSettings Dataset { get; init; }

    public required PreprocessingSettings Preprocessing { get; init; }

    public required AugmentationSettings Augmentation { get; init; }

    public required FeatureSettings Features { get; init; }

    public required ModelSettings Model { get; init; }

    public required TrainingSettings Training { get; init; }

    public required ExportSettings Export { get; init; }

    public required EvaluationThresholds Evaluation { get; init; }

    public required DeterminismSettings Determinism { get; init; }

    /// <summary>Settings that were accepted but do not apply to feature-level training, one sentence each.</summary>
    [JsonIgnore]
    public required IReadOnlyList<string> NotApplicable { get; init; }

    /// <summary>Lower-case hex SHA-256 of <see cref="ToCanonicalJson"/>'s bytes.</summary>
    [JsonIgnore]
    public string Digest => CanonicalJson.Sha256Hex(ToJsonNode());

    /// <summary>The resolved config as canonical JSON text (TrustScore.IO.CanonicalJson rule).</summary>
    public string ToCanonicalJson() => CanonicalJson.ToText(ToJsonNode());

    /// <summary>The resolved config as a JSON tree (snake_case keys).</summary>
    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, JsonOptions)!;
}
