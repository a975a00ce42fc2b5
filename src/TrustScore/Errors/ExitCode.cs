namespace TrustScore.Errors;

/// <summary>
/// Process exit codes of the <c>trustscore</c> command. One code per kind of failure, so scripts
/// (and a validator operator at 3 a.m.) can tell what went wrong without parsing text.
/// Documented in README.md and docs/runbook.md; values never change once released.
/// </summary>
public enum ExitCode
{
    /// <summary>Success.</summary>
    Ok = 0,

    /// <summary>
    /// An unexpected error (a bug), or the file system refused an operation (read-only, full,
    /// permission denied); the message names the path and the cause.
    /// </summary>
    Unexpected = 1,

    /// <summary>Command-line usage error: unknown verb, missing or malformed option.</summary>
    Usage = 2,

    /// <summary>Bad input: a config, dataset, key or model file that is malformed or invalid.</summary>
    BadInput = 3,

    /// <summary>Release gates failed: the model does not meet the evaluation thresholds.</summary>
    GatesFailed = 4,

    /// <summary>Verification failed: digest, signature, manifest or conformance mismatch.</summary>
    VerificationFailed = 5,

    /// <summary>Immutability conflict: different bytes under a version that already exists.</summary>
    ImmutabilityConflict = 6,

    /// <summary>Determinism failure: two runs or processes produced different bits.</summary>
    DeterminismFailed = 7,

    /// <summary>Another operation holds the lock (e.g. a concurrent rollback).</summary>
    Busy = 8,

    /// <summary>A required external tool (e.g. the chain CLI) is not available.</summary>
    ToolUnavailable = 9,

    /// <summary>A remote service (e.g. S3) failed or was unreachable.</summary>
    RemoteFailed = 10,
}
