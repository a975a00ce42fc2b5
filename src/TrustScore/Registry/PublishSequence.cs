namespace TrustScore.Registry;

/// <summary>
/// A version's registry sequence number (docs/serving.md, "registry sequence number"): its 1-based
/// position among the registry's published versions in publish order — publish time, then name —
/// so it never changes once published. TensorFlow Serving clients address the served model by it,
/// and <c>proposal check</c> orders versions by it: names are free-form (<c>v9</c> sorts after
/// <c>v10</c> as text), publish order is not.
/// </summary>
public static class PublishSequence
{
    /// <summary>
    /// The sequence number of <paramref name="version"/> among <paramref name="published"/> (in any
    /// order; entries whose metadata could not be read are left out), or 0 when it is not among them.
    /// </summary>
    public static int Of(IEnumerable<RegistryEntry> published, string version)
    {
        ArgumentNullException.ThrowIfNull(published);
        var inPublishOrder = published
            .Where(e => e.Problem is null)
            .OrderBy(e => e.PublishedAt)
            .ThenBy(e => e.Version, StringComparer.Ordinal)
            .ToList();
        return inPublishOrder.FindIndex(e => e.Version == version) + 1;
    }
}
