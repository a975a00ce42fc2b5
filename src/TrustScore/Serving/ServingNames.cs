namespace TrustScore.Serving;

/// <summary>The names the service answers under (docs/serving.md): model, tensors, identity headers.</summary>
public static class ServingNames
{
    /// <summary>The one model name served.</summary>
    public const string ModelName = "trust_score";

    /// <summary>The input tensor's name.</summary>
    public const string InputName = "features";

    /// <summary>The float output's name.</summary>
    public const string OutputName = "trust_score";

    /// <summary>The integer-score output's name.</summary>
    public const string IntegerOutputName = "integer_score";

    /// <summary>Response header naming the model version that answered.</summary>
    public const string VersionHeader = "TrustScore-Model-Version";

    /// <summary>Response header carrying that model's root digest.</summary>
    public const string DigestHeader = "TrustScore-Model-Digest";
}
