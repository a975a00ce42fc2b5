namespace TrustScore.Consensus;

/// <summary>What kind of refusal a <see cref="ConsensusException"/> is.</summary>
public enum ConsensusFailure
{
    /// <summary>The input is not something the consensus core accepts: a model file outside the pinned profile, an unreadable conformance file, a directory the digest refuses.</summary>
    Malformed,

    /// <summary>The input is well-formed but not the expected one: a SHA-256 that differs, conformance vectors that fail.</summary>
    Mismatch,
}
