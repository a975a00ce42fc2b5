namespace TrustScore.Verification;

/// <summary>
/// Files of <c>model/</c> compared with the manifest's file list (model-transparency style):
/// on disk but not listed, listed but not on disk, and listed with a different digest or size.
/// Names are POSIX paths relative to <c>model/</c>, in canonical order.
/// </summary>
public sealed record FileDiff(IReadOnlyList<string> Extra, IReadOnlyList<string> Missing, IReadOnlyList<string> Changed)
{
    /// <summary>No difference (also used when there was nothing to compare).</summary>
    public static FileDiff None { get; } = new([], [], []);

    /// <summary>True when the directory matches the list.</summary>
    public bool IsEmpty => Extra.Count == 0 && Missing.Count == 0 && Changed.Count == 0;
}
