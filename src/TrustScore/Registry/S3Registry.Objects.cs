using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>Single S3 object operations: conditional writes, locked writes, streamed read-backs.</summary>
public sealed partial class S3Registry
{
    private static bool IsPreconditionFailed(AmazonS3Exception ex) =>
        ex.StatusCode == HttpStatusCode.PreconditionFailed || ex.ErrorCode == "PreconditionFailed";

    private static bool IsNotFound(AmazonS3Exception ex) =>
        ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode is "NoSuchKey" or "NotFound";

    private static ObjectLockMode ToSdkMode(S3RetentionMode mode) =>
        mode == S3RetentionMode.Compliance ? ObjectLockMode.Compliance : ObjectLockMode.Governance;

    /// <summary>True when the bucket has Object Lock enabled; <see cref="BadInputException"/> when it does not exist.</summary>
    private async Task<bool> BucketHasObjectLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await retry.RunAsync(
                $"GetObjectLockConfiguration s3://{Bucket}",
                t => client.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = Bucket }, t),
                cancellationToken).ConfigureAwait(false);
            return response.ObjectLockConfiguration?.ObjectLockEnabled == ObjectLockEnabled.Enabled;
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "ObjectLockConfigurationNotFoundError")
        {
            return false;
        }
    }

    /// <summary>
    /// Creates <paramref name="key"/> from <paramref name="bytes"/> only if it does not exist yet
    /// (412 otherwise, left to the caller); returns the object version written.
    /// </summary>
    private Task<string?> PutNewBytesAsync(string key, byte[] bytes, ObjectLockMode? lockMode, DateTime retainUntil, CancellationToken cancellationToken)
    {
        string checksum = Convert.ToBase64String(SHA256.HashData(bytes));
        return retry.RunAsync<string?>($"PutObject {key}", async t =>
        {
            using var body = new MemoryStream(bytes, writable: false);
            var response = await client.PutObjectAsync(NewPut(key, body, checksum, lockMode, retainUntil), t).ConfigureAwait(false);
            return response.VersionId;
        }, cancellationToken);
    }

    /// <summary>Creates <paramref name="key"/> from a local file (multipart when large) only if it does not exist yet.</summary>
    private Task<string?> PutNewFileAsync(string key, S3SourceFile file, ObjectLockMode? lockMode, DateTime retainUntil, CancellationToken cancellationToken)
    {
        if (file.Size >= options.MultipartThresholdBytes)
        {
            return PutNewFileMultipartAsync(key, file, lockMode, retainUntil, cancellationToken);
        }

        string checksum = Convert.ToBase64String(Convert.FromHexString(file.Sha256));
        return retry.RunAsync<string?>($"PutObject {key}", async t =>
        {
            using var body = file.OpenRead();
            var response = await client.PutObjectAsync(NewPut(key, body, checksum, lockMode, retainUntil), t).ConfigureAwait(false);
            return response.VersionId;
        }, cancellationToken);
    }

    private PutObjectRequest NewPut(string key, Stream body, string sha256Base64, ObjectLockMode? lockMode, DateTime retainUntil) => new()
    {
        BucketName = Bucket,
        Key = key,
        InputStream = body,
        AutoCloseStream = false,
        ContentType = "application/octet-stream",
        IfNoneMatch = "*",
        ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        ChecksumSHA256 = sha256Base64,
        ObjectLockMode = lockMode,
        ObjectLockRetainUntilDate = lockMode is null ? null : retainUntil,
    };

    private async Task<string?> PutNewFileMultipartAsync(string key, S3SourceFile file, ObjectLockMode? lockMode, DateTime retainUntil, CancellationToken cancellationToken)
    {
        var started = await retry.RunAsync($"CreateMultipartUpload {key}", t => client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            ContentType = "application/octet-stream",
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            ObjectLockMode = lockMode,
            ObjectLockRetainUntilDate = lockMode is null ? null : retainUntil,
        }, t), cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            var buffer = new byte[options.PartSizeBytes];
            using var source = file.OpenRead();
            for (int number = 1; source.Position < file.Size; number++)
            {
                int length = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                string checksum = Convert.ToBase64String(SHA256.HashData(buffer.AsSpan(0, length)));
                int partNumber = number;
                var uploaded = await retry.RunAsync($"UploadPart {partNumber} of {key}", t => client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    UploadId = started.UploadId,
                    PartNumber = partNumber,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    PartSize = length,
                    ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
                    ChecksumSHA256 = checksum,
                }, t), cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, uploaded.ETag) { ChecksumSHA256 = checksum });
                options.PartStored?.Invoke(file.Name, partNumber);
            }

            var completed = await retry.RunAsync($"CompleteMultipartUpload {key}", t => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = key,
                UploadId = started.UploadId,
                PartETags = parts,
                IfNoneMatch = "*",
            }, t), cancellationToken).ConfigureAwait(false);
            return completed.VersionId;
        }
        catch
        {
            await AbortQuietlyAsync(key, started.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Best effort: an abandoned upload only costs storage until the bucket's lifecycle rule removes it.</summary>
    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Min(10, options.RequestTimeout.TotalSeconds)));
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The original failure is what the caller needs to see.
        }
    }

    /// <summary>
    /// Reads <paramref name="key"/> (its current version) back in full, hashing as it streams and
    /// optionally saving it to <paramref name="saveTo"/>; null when the key does not exist.
    /// </summary>
    private async Task<S3RemoteObject?> ReadBackAsync(string key, string? saveTo, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.RunAsync($"GetObject {key}", async t =>
            {
                using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, t).ConfigureAwait(false);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                FileStream? file = null;
                if (saveTo is not null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(saveTo)!);
                    file = new FileStream(saveTo, FileMode.Create, FileAccess.Write, FileShare.None);
                }

                long size = 0;
                string? failure = null;
                try
                {
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = await response.ResponseStream.ReadAsync(buffer, t).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        size += read;
                        if (file is not null)
                        {
                            await file.WriteAsync(buffer.AsMemory(0, read), t).ConfigureAwait(false);
                        }
                    }
                }
                catch (AmazonClientException ex)
                {
                    // The SDK checks a stored checksum at the end of the stream; a mismatch means corrupt bytes.
                    failure = ex.Message;
                }
                finally
                {
                    if (file is not null)
                    {
                        await file.DisposeAsync().ConfigureAwait(false);
                    }
                }

                return new S3RemoteObject(
                    failure is null ? Convert.ToHexStringLower(hash.GetHashAndReset()) : null,
                    size,
                    NullIfUnversioned(response.VersionId),
                    response.ObjectLockMode?.Value,
                    response.ObjectLockRetainUntilDate,
                    failure);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>The whole current content of a small object, or null when it does not exist.</summary>
    private async Task<byte[]?> TryGetBytesAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.RunAsync($"GetObject {key}", async t =>
            {
                using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, t).ConfigureAwait(false);
                using var memory = new MemoryStream();
                await response.ResponseStream.CopyToAsync(memory, t).ConfigureAwait(false);
                return memory.ToArray();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    private async Task<S3VersionMetadata?> TryGetMetadataAsync(string version, CancellationToken cancellationToken)
    {
        string key = options.Location.Key(version, S3VersionMetadata.FileName);
        byte[]? bytes = await TryGetBytesAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : S3VersionMetadata.Parse(bytes, options.Location.UrlOf(key));
    }

    /// <summary>Every key under the version's folder, relative to it.</summary>
    private async Task<IReadOnlyList<string>> ListVersionObjectsAsync(string version, CancellationToken cancellationToken)
    {
        string prefix = options.Location.VersionPrefix(version);
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await retry.RunAsync(
                $"ListObjectsV2 s3://{Bucket}/{prefix}",
                t => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = token }, t),
                cancellationToken).ConfigureAwait(false);
            names.AddRange((page.S3Objects ?? []).Select(o => o.Key[prefix.Length..]));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return names;
    }

    /// <summary>
    /// Puts the Object Lock on an object version that lacks it (some servers, moto among them,
    /// ignore the lock given at CreateMultipartUpload), then confirms it with HEAD.
    /// </summary>
    private async Task ApplyLockAsync(string key, string? versionId, ObjectLockMode lockMode, DateTime retainUntil, CancellationToken cancellationToken)
    {
        await retry.RunAsync($"PutObjectRetention {key}", t => client.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = Bucket,
            Key = key,
            VersionId = versionId,
            Retention = new ObjectLockRetention
            {
                Mode = lockMode == ObjectLockMode.Compliance ? ObjectLockRetentionMode.Compliance : ObjectLockRetentionMode.Governance,
                RetainUntilDate = retainUntil,
            },
        }, t), cancellationToken).ConfigureAwait(false);
        var head = await retry.RunAsync($"HeadObject {key}", t => client.GetObjectMetadataAsync(new GetObjectMetadataRequest
        {
            BucketName = Bucket,
            Key = key,
            VersionId = versionId,
        }, t), cancellationToken).ConfigureAwait(false);
        if (head.ObjectLockMode?.Value != lockMode.Value)
        {
            throw new VerificationFailedException(
                $"{options.Location.UrlOf(key)} is not under Object Lock {lockMode.Value} after upload; the S3 server did not apply the retention.");
        }
    }

    private static string? NullIfUnversioned(string? versionId) =>
        string.IsNullOrEmpty(versionId) || versionId == "null" ? null : versionId;
}
