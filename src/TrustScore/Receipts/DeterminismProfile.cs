namespace TrustScore.Receipts;

/// <summary>
/// The runtime determinism profile a receipt binds (the node's bounded profile). The node accepts
/// exactly one value, <see cref="Canonical"/>: CPU only, seed 42, deterministic ops, one inter-op
/// and one intra-op thread, no GPU. Our scorer meets it by construction (docs/numerics.md).
/// </summary>
public sealed record DeterminismProfile(
    bool ForceCpu,
    long RandomSeed,
    bool DeterministicOps,
    int InterOpThreads,
    int IntraOpThreads,
    bool DisableGpu)
{
    /// <summary>The only profile the node accepts.</summary>
    public static DeterminismProfile Canonical { get; } = new(true, 42, true, 1, 1, true);
}
