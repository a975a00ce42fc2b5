using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TrustScore.Training;

/// <summary>The JSON header of a checkpoint file (layout in <see cref="Checkpoint"/>).</summary>
internal sealed record CheckpointHeader(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("state")] JsonNode State,
    [property: JsonPropertyName("tensors")] IReadOnlyList<CheckpointTensor> Tensors);

/// <summary>One tensor listed in a <see cref="CheckpointHeader"/>: its values follow the header in list order.</summary>
internal sealed record CheckpointTensor(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("length")] int Length);
