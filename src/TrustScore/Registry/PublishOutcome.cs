namespace TrustScore.Registry;

/// <summary>What a successful publish did.</summary>
public enum PublishOutcome
{
    /// <summary>The version was written now.</summary>
    Published,

    /// <summary>The version already existed with identical bytes; nothing was written.</summary>
    AlreadyPublishedIdentical,
}
