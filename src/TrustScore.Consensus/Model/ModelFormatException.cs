namespace TrustScore.Consensus.Model;

/// <summary>
/// A model or conformance file is not one the consensus core reads: not valid protobuf or JSON,
/// outside the pinned ONNX profile, or too large. The message says which file and why.
/// </summary>
public sealed class ModelFormatException : ConsensusException
{
    /// <summary>Creates the exception with one sentence saying what is wrong.</summary>
    public ModelFormatException(string message)
        : base(ConsensusFailure.Malformed, message)
    {
    }

    /// <summary>Creates the exception with one sentence and its cause.</summary>
    public ModelFormatException(string message, Exception innerException)
        : base(ConsensusFailure.Malformed, message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelFormatException()
        : base(ConsensusFailure.Malformed, "The model file is not in the accepted format.")
    {
    }
}
