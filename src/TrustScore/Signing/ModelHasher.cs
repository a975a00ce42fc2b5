using TrustScore.Consensus;
using TrustScore.Consensus.Digest;
using TrustScore.Errors;

namespace TrustScore.Signing;

/// <summary>
/// The pipeline's entry to <see cref="ModelDigest"/> (runbook §7.2, docs/formats.md §1): the same
/// computation, with a directory the digest refuses reported as bad input.
/// </summary>
public static class ModelHasher
{
    /// <summary>Digests the model at <paramref name="path"/>.</summary>
    /// <exception cref="BadInputException">The path is missing or holds something the digest refuses.</exception>
    public static ModelDigestResult Compute(string path, IReadOnlyCollection<string>? ignorePaths = null, CancellationToken ct = default)
    {
        try
        {
            return ModelDigest.Compute(path, ignorePaths, ct);
        }
        catch (ModelDigestException ex)
        {
            throw ConsensusErrors.Translate(ex);
        }
    }
}
