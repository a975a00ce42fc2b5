namespace TrustScore.Consensus;

/// <summary>
/// The one base of every refusal the consensus core throws. The pipeline translates it in one
/// place (<c>TrustScore.Errors.ConsensusErrors</c>): <see cref="ConsensusFailure.Malformed"/> is
/// bad input, <see cref="ConsensusFailure.Mismatch"/> is a failed verification.
/// </summary>
public abstract class ConsensusException : Exception
{
    /// <summary>Creates the exception with one sentence saying what was refused.</summary>
    protected ConsensusException(ConsensusFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = failure;
    }

    /// <summary>The kind of refusal.</summary>
    public ConsensusFailure Kind { get; }
}
