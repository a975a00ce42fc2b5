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

    /// <summary>The keeper hash of <c>model/</c> (docs/formats.md §1b), recomputed when it was verified: what the chain's <c>sha256_hash</c> must be.</summary>
    public required string KeeperHash { get; init; }
}
