namespace TrustScore.Config;

/// <summary>
/// The <c>determinism</c> section. TrustScore is CPU-only and bit-exact by construction
/// (docs/numerics.md); the TensorFlow/Python switches are accepted and reported as not applicable.
/// </summary>
public sealed record DeterminismSettings
{
    public required bool ForceCpu { get; init; }

    public required long RandomSeed { get; init; }

    public required bool TfDeterministicOps { get; init; }

    public required int InterOpParallelism { get; init; }

    public required int IntraOpParallelism { get; init; }

    public required long Pythonhashseed { get; init; }
}
