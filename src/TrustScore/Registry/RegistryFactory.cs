using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// Opens the registry a <c>--registry</c> value names. A path is a <see cref="LocalRegistry"/>;
/// <c>s3://bucket/prefix</c> is the S3 registry, which is wired here when it is merged.
/// </summary>
public static class RegistryFactory
{
    /// <summary>The registry at <paramref name="location"/>, publishing as <paramref name="actor"/>.</summary>
    public static IRegistry Open(string location, TimeProvider time, string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadInputException($"--registry {location}: S3 registries are not available in this build; give a local directory.");
        }

        return new LocalRegistry(location, time, actor);
    }
}
