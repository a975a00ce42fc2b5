namespace TrustScore.Registry;

/// <summary>
/// Opens the registry a <c>--registry</c> value names. A path is a <see cref="LocalRegistry"/>;
/// <c>s3://bucket/prefix</c> is an <see cref="S3Registry"/> configured by the S3 flags.
/// </summary>
public static class RegistryFactory
{
    /// <summary>The registry at <paramref name="location"/>, publishing as <paramref name="actor"/>.</summary>
    public static IRegistry Open(string location, TimeProvider time, string actor, S3ConnectionOptions? s3 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (S3RegistryLocation.IsS3Url(location))
        {
            return new S3Registry((s3 ?? new S3ConnectionOptions()).ToRegistryOptions(location, actor), time);
        }

        return new LocalRegistry(location, time, actor);
    }
}
