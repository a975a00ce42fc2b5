namespace TrustScore.Consensus.Layers;

/// <summary>
/// A bundle of independent float32 lanes used by the fixed-order kernels. Each lane is one
/// output element with its own accumulator, so the lane count (16, 8, 4 or 1) never changes a
/// result: it only changes how many outputs advance per instruction (DETERMINISM.md rule 4).
/// <see cref="MulAdd"/> is an unfused multiply then add: the product is rounded to float32,
/// then the sum is rounded to float32 (DETERMINISM.md rule 2; docs/numerics-training.md).
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

    /// <summary>Per lane: <c>acc + (x * y)</c>, two roundings (never a fused multiply-add).</summary>
    static abstract TSelf MulAdd(TSelf acc, TSelf x, TSelf y);
}
