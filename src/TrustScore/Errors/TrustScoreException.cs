namespace TrustScore.Errors;

/// <summary>
/// Base of every failure that stops an operation. The message is one sentence naming the file,
/// field or flag and what was expected; the CLI prints it and exits with <see cref="ExitCode"/>.
/// Expected "no" answers (a failed gate, a verification mismatch) are values, not exceptions,
/// until a command decides they stop it.
/// </summary>
public abstract class TrustScoreException : Exception
{
    protected TrustScoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>The process exit code this failure maps to.</summary>
    public abstract ExitCode ExitCode { get; }
}

/// <summary>A config, dataset, key or model file is malformed or invalid.</summary>
public sealed class BadInputException(string message, Exception? inner = null)
    : TrustScoreException(message, inner)
{
    public override ExitCode ExitCode => ExitCode.BadInput;
}

/// <summary>One or more release gates failed.</summary>
public sealed class GatesFailedException(string message) : TrustScoreException(message)
{
    public override ExitCode ExitCode => ExitCode.GatesFailed;
}

/// <summary>A digest, signature, manifest or conformance check failed.</summary>
public sealed class VerificationFailedException(string message, Exception? inner = null)
    : TrustScoreException(message, inner)
{
    public override ExitCode ExitCode => ExitCode.VerificationFailed;
}

/// <summary>Different bytes were offered under a version that already exists.</summary>
public sealed class ImmutabilityConflictException(string message) : TrustScoreException(message)
{
    public override ExitCode ExitCode => ExitCode.ImmutabilityConflict;
}

/// <summary>Two runs or processes that must agree bit for bit did not.</summary>
public sealed class DeterminismFailedException(string message) : TrustScoreException(message)
{
    public override ExitCode ExitCode => ExitCode.DeterminismFailed;
}

/// <summary>Another operation holds the lock.</summary>
public sealed class BusyException(string message) : TrustScoreException(message)
{
    public override ExitCode ExitCode => ExitCode.Busy;
}

/// <summary>A required external tool is not installed.</summary>
public sealed class ToolUnavailableException(string message) : TrustScoreException(message)
{
    public override ExitCode ExitCode => ExitCode.ToolUnavailable;
}

/// <summary>A remote service failed or was unreachable.</summary>
public sealed class RemoteFailedException(string message, Exception? inner = null)
    : TrustScoreException(message, inner)
{
    public override ExitCode ExitCode => ExitCode.RemoteFailed;
}
