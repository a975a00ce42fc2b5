namespace TrustScore.Consensus.Layers;

/// <summary>
/// A bundle of independent float32 lanes used by the fixed-order kernels. Each lane is one
/// output element with its own accumulator, so the lane count (16, 8, 4 or 1) never changes a
/// result: it only changes how many outputs advance per instruction (docs/numerics.md §3.2).
/// <see cref="MulAdd"/> is the contract's fused multiply-add, fma(x, y, acc) with one rounding
/// (<see cref="Numerics.NumericsContract.FusedMultiplyAdd"/>; docs/numerics.md §2).
/// </summary>
/// <typeparam name="TSelf">The implementing lane type.</typeparam>
internal interface ILanes<TSelf>
    where TSelf : struct, ILanes<TSelf>
{
    /// <summary>Number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> consecutive floats.</summary>
    static abstract unsafe TSelf Load(float* source);

    /// <summary>Stores <see cref="Count"/> consecutive floats.</summary>
    static abstract unsafe void Store(float* destination, TSelf value);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Splat(float value);

    /// <summary>Per lane: fma(x, y, acc) = round(x·y + acc), one rounding.</summary>
    static abstract TSelf MulAdd(TSelf acc, TSelf x, TSelf y);
}
