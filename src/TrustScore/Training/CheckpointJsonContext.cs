using System.Text.Json.Serialization;

namespace TrustScore.Training;

/// <summary>
/// Source-generated System.Text.Json for the checkpoint header and its states. Serialised values
/// go through <see cref="IO.CanonicalJson"/> (sorted keys, shortest round-trip numbers), so the
/// bytes are those the header has always had. Every constructor parameter without a default is
/// required on reading.
/// </summary>
[JsonSourceGenerationOptions(RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CheckpointHeader))]
[JsonSerializable(typeof(ModelCheckpointState))]
[JsonSerializable(typeof(LastCheckpointState))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
