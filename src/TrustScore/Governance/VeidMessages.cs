using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using TrustScore.Governance.Veid;

namespace TrustScore.Governance;

/// <summary>
/// The veid messages a proposal carries and their proto3-JSON form. Messages are packed into
/// <see cref="Any"/> with Cosmos SDK's type URL (<c>/virtengine.veid.v1.MsgRegisterModel</c>) and
/// formatted by Google.Protobuf's <see cref="JsonFormatter"/> with a type registry, so the
/// <c>@type</c> and every field name come from the compiled .proto, not from strings typed here.
/// Field names stay snake_case as the protos declare, 64-bit integers are strings, enums are names.
/// </summary>
public static class VeidMessages
{
    /// <summary>The messages proposals may contain.</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(ModelReflection.Descriptor);

    /// <summary>Formatter: snake_case names, defaults written out, <c>@type</c> resolved through <see cref="Registry"/>.</summary>
    public static JsonFormatter Formatter { get; } = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(Registry)
        .WithPreserveProtoFieldNames(true)
        .WithFormatDefaultValues(true));

    /// <summary>Parser for the same JSON; unknown fields are errors.</summary>
    public static JsonParser Parser { get; } = new(JsonParser.Settings.Default.WithTypeRegistry(Registry));

    /// <summary>Cosmos SDK's type URL of <paramref name="message"/>: "/" + full proto name.</summary>
    public static string TypeUrl(IMessage message) => "/" + message.Descriptor.FullName;

    /// <summary>Packs <paramref name="message"/> the Cosmos way (type URL prefix "/").</summary>
    public static Any Pack(IMessage message) => Any.Pack(message, string.Empty);

    /// <summary>Proto3 JSON of <paramref name="message"/> packed in an <c>Any</c> (with <c>@type</c>).</summary>
    public static string ToJson(IMessage message) => Formatter.Format(Pack(message));

    /// <summary>Parses one <c>Any</c> JSON object and returns the message inside.</summary>
    /// <exception cref="Errors.BadInputException">
    /// The <c>@type</c> is not a registered veid message, a field is unknown, or a value is invalid.
    /// </exception>
    public static IMessage FromJson(string json)
    {
        Any any;
        try
        {
            any = Parser.Parse<Any>(json);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or InvalidOperationException)
        {
            // Google.Protobuf reports an unregistered @type as InvalidOperationException.
            throw new Errors.BadInputException($"not a valid veid message: {ex.Message}", ex);
        }

        var descriptor = Registry.Find(Any.GetTypeName(any.TypeUrl))
            ?? throw new Errors.BadInputException($"'{any.TypeUrl}' is not a veid message this tool knows.");
        return descriptor.Parser.ParseFrom(any.Value);
    }

    /// <summary>A <c>MsgRegisterModel</c> for a trust-score model.</summary>
    public static MsgRegisterModel Register(string authority, string modelId, string name, string version, string sha256Hex, string description) => new()
    {
        Authority = authority,
        ModelInfo = new MLModelInfo
        {
            ModelId = modelId,
            Name = name,
            Version = version,
            ModelType = ModelTypes.TrustScore,
            Sha256Hash = sha256Hex,
            Description = description,
            RegisteredBy = authority,
            Status = ModelStatus.Pending,
        },
    };

    /// <summary>A <c>MsgActivateModel</c> making <paramref name="modelId"/> the active trust-score model.</summary>
    public static MsgActivateModel Activate(string authority, string modelId) => new()
    {
        Authority = authority,
        ModelType = ModelTypes.TrustScore,
        ModelId = modelId,
    };
}
