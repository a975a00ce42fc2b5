namespace TrustScore.Serving;

/// <summary>What one look at the active pointer did.</summary>
public enum PointerCheck
{
    /// <summary>The pointer still resolves to the model being served (or to a target already refused).</summary>
    Unchanged,

    /// <summary>A new target verified and is now served.</summary>
    Swapped,

    /// <summary>A new target failed verification or loading; the old model keeps serving.</summary>
    Refused,

    /// <summary>The pointer is missing or unreadable; the old model keeps serving.</summary>
    PointerUnreadable,
}
