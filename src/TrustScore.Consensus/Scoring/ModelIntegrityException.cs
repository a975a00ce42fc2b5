namespace TrustScore.Consensus.Scoring;

/// <summary>
/// A model file was refused because it is not the expected one: its SHA-256 differs from the
/// expected digest, or it fails its conformance vectors. The pipeline maps this to
/// "verification failed" (exit code 5).
/// </summary>
public sealed class ModelIntegrityException : Exception
{
    /// <summary>Creates the exception with one sentence saying what did not match.</summary>
    public ModelIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with one sentence and its cause.</summary>
    public ModelIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelIntegrityException()
        : base("The model file failed its integrity check.")
    {
    }
}
