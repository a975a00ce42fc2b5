namespace TrustScore.Consensus.Scoring;

/// <summary>
/// A model file was refused because it is not the expected one: its SHA-256 differs from the
/// expected digest, or it fails its conformance vectors (<see cref="ConsensusFailure.Mismatch"/>).
/// </summary>
public sealed class ModelIntegrityException : ConsensusException
{
    /// <summary>Creates the exception with one sentence saying what did not match.</summary>
    public ModelIntegrityException(string message)
        : base(ConsensusFailure.Mismatch, message)
    {
    }

    /// <summary>Creates the exception with one sentence and its cause.</summary>
    public ModelIntegrityException(string message, Exception innerException)
        : base(ConsensusFailure.Mismatch, message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelIntegrityException()
        : base(ConsensusFailure.Mismatch, "The model file failed its integrity check.")
    {
    }
}
