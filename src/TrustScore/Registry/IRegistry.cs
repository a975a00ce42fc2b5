namespace TrustScore.Registry;

/// <summary>
/// A write-once store of exported version directories (runbook §3; docs/formats/registry.md).
/// Implemented by <c>LocalRegistry</c> (a directory) and <c>S3Registry</c> (a bucket/prefix).
/// A version that exists is never changed: re-publishing identical bytes reports
/// <see cref="PublishOutcome.AlreadyPublishedIdentical"/>, different bytes throw
/// <see cref="Errors.ImmutabilityConflictException"/>.
/// </summary>
public interface IRegistry
{
    /// <summary>Where this registry lives, as the user wrote it (a path or <c>s3://bucket/prefix</c>).</summary>
    string Location { get; }

    /// <summary>Publishes the version directory <paramref name="versionDirectory"/> under <paramref name="version"/>.</summary>
    PublishResult Publish(string versionDirectory, string version, CancellationToken cancellationToken = default);

    /// <summary>Every completely published version, newest-published first.</summary>
    IReadOnlyList<RegistryEntry> List(CancellationToken cancellationToken = default);

    /// <summary>One published version, or null when it does not exist (or is incomplete).</summary>
    RegistryEntry? Find(string version, CancellationToken cancellationToken = default);
}
