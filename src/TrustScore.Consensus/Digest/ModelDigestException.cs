namespace TrustScore.Consensus.Digest;

/// <summary>
/// The model directory cannot be digested: it holds something the OpenSSF <c>files</c>
/// serialization refuses (docs/formats.md §1; <see cref="ConsensusFailure.Malformed"/>).
/// </summary>
public sealed class ModelDigestException : ConsensusException
{
    /// <summary>Creates the exception; <paramref name="message"/> names the offending path.</summary>
    public ModelDigestException(ModelDigestFailure failure, string path, string message, Exception? inner = null)
        : base(ConsensusFailure.Malformed, message, inner)
    {
        Failure = failure;
        Path = path;
    }

    /// <summary>What is wrong.</summary>
    public ModelDigestFailure Failure { get; }

    /// <summary>The offending file or directory (as given on disk).</summary>
    public string Path { get; }
}
