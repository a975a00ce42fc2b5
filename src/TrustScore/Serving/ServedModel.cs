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
public sealed record ServedModel(string Version, string RootDigest, string Directory, Scorer Scorer, DateTimeOffset LoadedAt)
{
    /// <summary>The integer score rule sealed with the model (conformance.json and manifest.json agree); every served integer uses it.</summary>
    public required ScoreRule Rule { get; init; }

    /// <summary>The keeper hash of <c>model/</c> (docs/formats.md §1b), recomputed when it was verified: what the chain's <c>sha256_hash</c> must be, and the <c>model_hash</c> the node's sidecar protocols report.</summary>
    public required string KeeperHash { get; init; }

    /// <summary>The sealed conformance vectors it reproduced at load (re-run by the gRPC <c>VerifyDeterminism</c>).</summary>
    public required ConformanceVectors Conformance { get; init; }

    /// <summary>Its registry sequence number, the integer version TensorFlow Serving clients address: 1-based position in publish order (0 when the registry cannot be listed).</summary>
    public required int Sequence { get; init; }

    /// <summary>The integer score of one output under the model's sealed rule: the only place serving turns an output into an integer.</summary>
    public int IntegerScore(float output) => Rule.ToScore(output);
}
