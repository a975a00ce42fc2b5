using TrustScore.Consensus.Digest;
using TrustScore.Errors;

namespace TrustScore.Signing;

/// <summary>
/// The pipeline's entry to <see cref="ModelDigest"/> and <see cref="KeeperModelHash"/> (runbook
/// §7.2, docs/formats.md §1 and §1b): the same computations, with a directory a recipe refuses
/// reported as bad input.
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
            throw new BadInputException(ex.Message, ex);
        }
    }

    /// <summary>The keeper hash (<see cref="KeeperModelHash"/>) of the directory a node is pointed at.</summary>
    /// <exception cref="BadInputException">The path is missing, not a directory, or holds something the recipe refuses.</exception>
    public static KeeperModelHashResult ComputeKeeper(string directory, CancellationToken ct = default)
    {
        try
        {
            return KeeperModelHash.Compute(directory, ct);
        }
        catch (ModelDigestException ex)
        {
            throw new BadInputException(ex.Message, ex);
        }
    }
}
