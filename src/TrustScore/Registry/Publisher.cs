using System.Diagnostics;
using TrustScore.Audit;
using TrustScore.Errors;

namespace TrustScore.Registry;

/// <summary>
/// Publishes a version to any <see cref="IRegistry"/> (runbook §3.1/§3.2): verifies it first
/// (a version that does not verify is not published), publishes, and appends exactly one audit
/// entry for the outcome, including refusals and failures. Registries themselves do not write
/// to the audit log; this class is the one place publishing is recorded.
/// </summary>
public sealed class Publisher(IRegistry registry, AuditLog audit, TimeProvider time)
{
    /// <summary>Publishes <paramref name="options"/>; throws a typed exception (after logging it) when refused.</summary>
    public PublishResult Publish(PublishOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        long start = time.GetTimestamp();
        VersionVerification? verification = null;
        try
        {
            verification = RegistryVerification.Verify(options.VersionDirectory, published: false, options.Signature);
            if (!verification.Passed)
            {
                throw verification.OnlyGatesFailed
                    ? new GatesFailedException($"'{options.VersionDirectory}' is not published because its gates failed: {verification.FailureSummary}")
                    : new VerificationFailedException($"'{options.VersionDirectory}' is not published because it does not verify: {verification.FailureSummary}");
            }

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
            Record(options, verification, start, ex is RemoteFailedException ? AuditOutcome.Failed : AuditOutcome.Refused, ex.Message, verification?.RootDigest);
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Record(options, verification, start, AuditOutcome.Failed, ex.Message, verification?.RootDigest);
            throw;
        }
    }

    private void Record(PublishOptions options, VersionVerification? verification, long start, string outcome, string message, string? digest)
    {
        audit.Append(new AuditEntry(
            time.GetUtcNow(),
            options.Actor,
            AuditAction.Publish,
            outcome,
            options.Reason,
            null,
            null,
            verification?.Version,
            digest,
            verification?.Checks ?? [],
            (long)time.GetElapsedTime(start).TotalMilliseconds,
            message));
    }
}
