namespace TrustScore.Registry;

/// <summary>What reading one object back from S3 found.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes returned, or null when the SDK rejected them (checksum mismatch).</param>
/// <param name="Size">Bytes returned.</param>
/// <param name="VersionId">The object version returned (null in an unversioned bucket).</param>
/// <param name="LockMode">The Object Lock mode in force (<c>COMPLIANCE</c>/<c>GOVERNANCE</c>), or null.</param>
/// <param name="RetainUntil">The retain-until date in force, or null.</param>
/// <param name="Failure">Why the bytes could not be read, when <paramref name="Sha256"/> is null.</param>
internal sealed record S3RemoteObject(string? Sha256, long Size, string? VersionId, string? LockMode, DateTime? RetainUntil, string? Failure);
