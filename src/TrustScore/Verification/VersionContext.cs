using TrustScore.Consensus.Digest;
using TrustScore.Signing;

namespace TrustScore.Verification;

/// <summary>What an <see cref="IVersionCheck"/> gets: the directory and what was already established.</summary>
/// <param name="VersionDir">The version directory being verified.</param>
/// <param name="Manifest">The parsed manifest, or null when it could not be read.</param>
/// <param name="Digest">The freshly computed digest of <c>model/</c>, or null when the digest refused it.</param>
public sealed record VersionContext(string VersionDir, Manifest? Manifest, ModelDigestResult? Digest)
{
    /// <summary>Path of <c>model/</c>.</summary>
    public string ModelDir => VersionLayout.ModelPath(VersionDir);
}
