namespace TrustScore.Consensus.Numerics;

/// <summary>
/// What a random stream is for; part of the <see cref="CounterRng"/> key so that streams for
/// different purposes never share values (docs/numerics.md §5). Values are pinned: never renumber.
/// </summary>
public enum RngPurpose : ulong
{
    /// <summary>Initial weights.</summary>
    WeightInit = 1,

    /// <summary>Per-epoch sample order.</summary>
    Shuffle = 2,

    /// <summary>Dropout masks.</summary>
    Dropout = 3,

    /// <summary>Synthetic dataset generation.</summary>
    Synthetic = 4,

    /// <summary>Conformance-vector inputs.</summary>
    Conformance = 5,

    /// <summary>Train/validation/test split assignment.</summary>
    Split = 6,
}
