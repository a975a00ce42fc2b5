using TrustScore.Consensus.Scoring;

namespace TrustScore.Serving;

/// <summary>
/// A fully verified model that the service scores with. Immutable: a request takes one
/// reference at its start and finishes on it, even if a swap happens meanwhile.
/// </summary>
/// <param name="Version">The version (the registry directory's name).</param>
/// <param name="RootDigest">Its root digest, <c>sha256:…</c>, recomputed when it was verified.</param>
/// <param name="Directory">The version directory it was loaded from.</param>
/// <param name="Scorer">The loaded scorer (bytes hashed and conformance vectors checked at load).</param>
/// <param name="LoadedAt">When it was verified and loaded (UTC).</param>
/// <param name="Conformance">The sealed conformance vectors it reproduced at load (re-run by the gRPC <c>VerifyDeterminism</c>).</param>
/// <param name="KeeperHash">The VirtEngine keeper-recipe hash of its <c>model/</c> directory (64 hex), the value the node compares with the chain.</param>
public sealed record ServedModel(string Version, string RootDigest, string Directory, Scorer Scorer, DateTimeOffset LoadedAt, ConformanceVectors Conformance, string KeeperHash)
{
    /// <summary>The integer score rule the model sealed in its conformance vectors (docs/numerics.md).</summary>
    public ScoreRule Rule => Conformance.Rule;

    /// <summary>
    /// The integer score of one output under the model's sealed rule, as every protocol serves it;
    /// the only place serving turns an output into an integer.
    /// </summary>
    public int IntegerScore(float output) => Conformance.Rule.ToScore(output);
}
