using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.Verification;

namespace TrustScore.Rollback;

/// <summary>
/// Emergency rollback for validators (runbook §5.2 and §5.4; docs/formats/registry.md). Lists the
/// published versions, reports the active one, and switches the active pointer to a version
/// after verifying it fully; any failed check aborts with nothing changed. One rollback at a
/// time (an <see cref="ExclusiveLock"/> around the switch and the log append); a second operator
/// is refused with who holds the lock. Every switch, dry run and refusal is appended to the
/// audit log after it has finished, so the record states the real outcome. If a crash came
/// between the switch and the append, the next rollback finds the pointer ahead of the log and
/// records a <c>reconcile</c> entry first.
/// </summary>
public sealed class RollbackService
{
    /// <summary>The lock file's name inside the registry.</summary>
    public const string LockName = ".rollback.lock";

    private readonly RollbackOptions options;
    private readonly LocalRegistry registry;
    private readonly ActivePointer pointer;
    private readonly AuditLog audit;
    private readonly TimeProvider time;

    /// <summary>
    /// What every target is verified with: the operator's keys when given, plus the conformance
    /// vectors re-run bit for bit by the consensus scorer (the scoring smoke test), keys or not.
    /// </summary>
    private VerifyOptions FullChecks => (options.Signature ?? new VerifyOptions { RequireSignature = false }) with
    {
        ExtraChecks = [.. (options.Signature?.ExtraChecks ?? []).Where(c => c is not ConformanceVectorsCheck), new ConformanceVectorsCheck()],
    };

    /// <summary>A service over <paramref name="options"/>' registry and pointer, writing to the registry's audit log.</summary>
    public RollbackService(RollbackOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time;
        registry = new LocalRegistry(options.RegistryRoot, time, options.Actor);
        pointer = new ActivePointer(options.ActivePath);
        audit = AuditLog.Open(options.RegistryRoot, time).SignedWith(options.AuditSigner);
    }

    /// <summary>Every published version, newest-published first, with which is active and whether each verifies.</summary>
    public IReadOnlyList<RollbackListItem> List()
    {
        string? active = ActiveVersionOrNull();
        return [.. registry.List().Select(e => new RollbackListItem(e, e.Version == active, RegistryVerification.Verify(e.Location, published: true, FullChecks)))];
    }

    /// <summary>The active model with a fresh full verification, or null when there is no pointer.</summary>
    public ActiveModel? Current()
    {
        string? version = ActiveVersionOrNull();
        if (version is null)
        {
            return null;
        }

        string dir = registry.VersionPath(version);
        return new ActiveModel(version, dir, RegistryVerification.Verify(dir, published: true, FullChecks));
    }

    /// <summary>Verification only (<c>rollback verify VERSION</c>); bad input when the version is not published.</summary>
    public VerificationReport Verify(string version) => RegistryVerification.Verify(RequirePublished(version), published: true, FullChecks);

    /// <summary>
    /// <c>rollback to</c> (<see cref="SwitchRequest.Version"/> set) or <c>rollback previous</c>
    /// (null). Throws (after recording the refusal) when busy, when the target is unknown or does
    /// not verify; otherwise returns what was done.
    /// </summary>
    public RollbackResult Switch(SwitchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Version is not null)
        {
            // The one version-name rule, before the lock, the log or the file system are touched.
            VersionName.Validate(request.Version);
        }

        long start = time.GetTimestamp();
        string action = request.Version is null ? AuditAction.RollbackPrevious : AuditAction.RollbackTo;
        string? fromVersion = null;
        string? fromDigest = null;
        string? target = request.Version;
        VerificationReport? verification = null;
        ExclusiveLock guard;
        try
        {
            guard = ExclusiveLock.Acquire(Path.Combine(registry.Root, LockName), "rollback", TimeSpan.Zero, time, "Another rollback");
        }
        catch (BusyException ex)
        {
            Record(action, AuditOutcome.Refused, request, null, null, target, null, [], start, ex.Message);
            throw;
        }

        using (guard)
        {
            try
            {
                fromVersion = ActiveVersionOrNull();
                fromDigest = fromVersion is null ? null : DigestOf(fromVersion);
                var history = ReconciledHistory(fromVersion, request);
                if (request.Version is null)
                {
                    target = history.Previous ?? throw new BadInputException(fromVersion is null
                        ? "There is no active model, so there is no previous one; use 'rollback to VERSION'."
                        : $"The audit log records no version active before {fromVersion}; use 'rollback to VERSION'.");
                }
                else if (fromVersion is null)
                {
                    action = AuditAction.Activate;
                }

                string targetDir = RequirePublished(target!);
                verification = RegistryVerification.Verify(targetDir, published: true, FullChecks);
                verification.ThrowIfFailed($"the active model was not changed to {target}");

                string digest = verification.ComputedRoot!;
                if (target == fromVersion)
                {
                    return Finish(action, AuditOutcome.Unchanged, $"{target} is already the active model; nothing was changed.");
                }

                if (request.DryRun)
                {
                    return Finish(action, AuditOutcome.DryRun, $"Dry run: {target} verifies; the active model would switch from {fromVersion ?? "none"} to {target}. Nothing was changed.");
                }

                CrashPoint.Reach("rollback-verified");
                pointer.SwitchTo(targetDir);
                CrashPoint.Reach("rollback-switched");
                if (pointer.ReadTarget() != Path.GetFullPath(targetDir))
                {
                    throw new VerificationFailedException($"The active pointer '{pointer.Path}' does not resolve to {targetDir} after the switch.");
                }

                var result = Finish(action, AuditOutcome.Succeeded, $"The active model is now {target} ({digest}); it was {fromVersion ?? "none"}.");
                CrashPoint.Reach("rollback-logged");
                return result;

                RollbackResult Finish(string act, string outcome, string message)
                {
                    Record(act, outcome, request, fromVersion, fromDigest, target, digest, verification.Checks, start, message);
                    return new RollbackResult(act, outcome, fromVersion, fromDigest, target!, digest, verification, message);
                }
            }
            catch (TrustScoreException ex)
            {
                Record(action, AuditOutcome.Refused, request, fromVersion, fromDigest, target, verification?.ComputedRoot, verification?.Checks ?? [], start, ex.Message);
                throw;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Record(action, AuditOutcome.Failed, request, fromVersion, fromDigest, target, verification?.ComputedRoot, verification?.Checks ?? [], start, ex.Message);
                throw;
            }
        }
    }

    private ActivationHistory ReconciledHistory(string? active, SwitchRequest request)
    {
        if (request.Version is null)
        {
            var check = audit.Verify();
            if (!check.Valid && !check.TornLastLine)
            {
                throw new VerificationFailedException($"The audit log '{audit.Path}' is broken ({check.Problem}), so 'previous' cannot be trusted; use 'rollback to VERSION'.");
            }
        }

        var history = ActivationHistory.From(audit.Read());
        if (active is not null && history.Current != active)
        {
            // The pointer moved without a record (a crash after the switch, or a hand edit): say so first.
            var entry = new AuditEntry(time.GetUtcNow(), options.Actor, AuditAction.Reconcile, AuditOutcome.Succeeded, null,
                history.Current, history.Current is null ? null : DigestOf(history.Current), active, DigestOf(active), [], 0,
                $"The active pointer was found on {active} but the log last recorded {history.Current ?? "nothing"}; recorded {active} as active.");
            audit.Append(entry);
            history.Apply(entry);
        }

        return history;
    }

    private string? ActiveVersionOrNull()
    {
        string? target = pointer.ReadTarget();
        if (target is null)
        {
            return null;
        }

        string version = Path.GetFileName(target);
        if (!string.Equals(Path.GetDirectoryName(target), registry.Root, StringComparison.Ordinal))
        {
            throw new BadInputException($"The active pointer '{pointer.Path}' points at '{target}', which is not a version in the registry '{registry.Root}'.");
        }

        return version;
    }

    private string? DigestOf(string version)
    {
        string metadata = Path.Combine(registry.VersionPath(version), VersionMetadata.FileName);
        try
        {
            return File.Exists(metadata) ? VersionMetadata.Read(metadata).RootDigest : null;
        }
        catch (BadInputException)
        {
            return null;
        }
    }

    private string RequirePublished(string version)
    {
        string dir = registry.VersionPath(version);
        IO.NoFollow.RefuseLink(dir, "registry version entry");
        if (!File.Exists(Path.Combine(dir, VersionMetadata.FileName)))
        {
            throw new BadInputException($"Version '{version}' is not published in '{registry.Root}' (no {dir}{Path.DirectorySeparatorChar}{VersionMetadata.FileName}).");
        }

        return dir;
    }

    private void Record(string action, string outcome, SwitchRequest request, string? fromVersion, string? fromDigest, string? toVersion, string? toDigest,
        IReadOnlyList<VerificationCheck> checks, long start, string message) =>
        audit.Append(new AuditEntry(time.GetUtcNow(), options.Actor, action, outcome, request.Reason, fromVersion, fromDigest, toVersion, toDigest, checks,
            (long)time.GetElapsedTime(start).TotalMilliseconds, message));
}
