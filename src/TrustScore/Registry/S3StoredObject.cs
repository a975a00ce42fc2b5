namespace TrustScore.Registry;

/// <summary>One file of a published S3 version, as recorded in its <c>metadata.json</c>.</summary>
/// <param name="Name">Path inside the version folder, POSIX separators (e.g. <c>model/model.onnx</c>).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="VersionId">The S3 object version written (null in an unversioned bucket).</param>
public sealed record S3StoredObject(string Name, string Sha256, long Size, string? VersionId);
