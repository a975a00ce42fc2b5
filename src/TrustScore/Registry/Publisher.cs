using System.Diagnostics;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Verification;

namespace TrustScore.Registry;

/// <summary>
/// Publishes a version to any <see cref="IRegistry"/> (runbook §3.1/§3.2): verifies it first
/// (a version that does not verify is not published), publishes, and appends exactly one audit
/// entry for the outcome, including refusals and failures. Registries themselves do not write
/// to the audit log; this class is the one place publishing is recorded.
/// </summary>
/// <param name="registry">Where to publish.</param>
/// <param name="audit">The log every outcome is appended to.</param>
/// <param name="time">The clock for audit times and durations.</param>
/// <param name="reasonNote">Appended to every recorded reason (see <see cref="Open"/>).</param>
public sealed class Publisher(IRegistry registry, AuditLog audit, TimeProvider time, string? reasonNote = null)
{
    /// <summary>
    /// The publisher for a <c>--registry</c> value. A local registry keeps its own audit log; an S3
    /// registry's log is kept in <paramref name="s3AuditDirectory"/>. Publishing to a bucket without
    /// Object Lock, when allowed, is noted in every recorded reason.
    /// </summary>
    public static Publisher Open(string location, string actor, S3ConnectionOptions? s3, string s3AuditDirectory, Signing.SigningKey? auditKey, TimeProvider time)
    {
        bool isS3 = S3RegistryLocation.IsS3Url(location);
        var registry = RegistryFactory.Open(location, time, actor, s3);
        var audit = AuditLog.Open(isS3 ? s3AuditDirectory : location, time).SignedWith(auditKey);
        string? note = isS3 && s3 is { AllowUnlockedBucket: true }
            ? "[--allow-unlocked-bucket: a bucket without Object Lock is accepted]"
            : null;
        return new Publisher(registry, audit, time, note);
    }

    /// <summary>Publishes <paramref name="options"/>; throws a typed exception (after logging it) when refused.</summary>
    public PublishResult Publish(PublishOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        long start = time.GetTimestamp();
        VerificationReport? verification = null;
        try
        {
            verification = RegistryVerification.Verify(options.VersionDirectory, published: false, options.Signature);
            verification.ThrowIfFailed($"'{options.VersionDirectory}' is not published");

            var result = registry.Publish(options.VersionDirectory, verification.Version, cancellationToken);
            Record(options, verification, start, result.Outcome == PublishOutcome.Published ? AuditOutcome.Succeeded : AuditOutcome.Unchanged,
                result.Outcome == PublishOutcome.Published
                    ? $"Published {result.Version} to {registry.Location} (archive {result.ArchiveDigest})."
                    : $"{result.Version} was already published in {registry.Location} with identical bytes; nothing was written.",
                result.RootDigest);
            return result;
        }
        catch (TrustScoreException ex)
        {
            Record(options, verification, start, ex is RemoteFailedException ? AuditOutcome.Failed : AuditOutcome.Refused, ex.Message, verification?.ComputedRoot);
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Record(options, verification, start, AuditOutcome.Failed, ex.Message, verification?.ComputedRoot);
            throw;
        }
    }

    private void Record(PublishOptions options, VerificationReport? verification, long start, string outcome, string message, string? digest)
    {
        audit.Append(new AuditEntry(
            time.GetUtcNow(),
            options.Actor,
            AuditAction.Publish,
            outcome,
            reasonNote is null ? options.Reason : $"{options.Reason} {reasonNote}".TrimStart(),
            null,
            null,
            verification?.Version,
            digest,
            verification?.Checks ?? [],
            (long)time.GetElapsedTime(start).TotalMilliseconds,
            message));
    }
}
