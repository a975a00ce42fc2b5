namespace TrustScore.Consensus.Digest;

/// <summary>
/// The model directory cannot be digested: it holds something the OpenSSF <c>files</c>
/// serialization refuses (docs/formats.md §1). The pipeline maps it to the bad-input exit code.
/// </summary>
public sealed class ModelDigestException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> names the offending path.</summary>
    public ModelDigestException(ModelDigestFailure failure, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Path = path;
    }

    /// <summary>What is wrong.</summary>
    public ModelDigestFailure Failure { get; }

    /// <summary>The offending file or directory (as given on disk).</summary>
    public string Path { get; }
}
