using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Layers;

/// <summary>
/// The lane widths the kernels are instantiated with, and the choice of the widest one the CPU
/// accelerates. All widths give identical bits; <see cref="Lanes1"/> is the plain scalar path
/// (also taken when hardware intrinsics are switched off).
/// </summary>
internal static class Lanes
{
    /// <summary>
    /// Widest accelerated width: 16 (AVX-512), 8 (AVX2), 4 (SSE/NEON) or 1 (scalar). Vectors are
    /// used only where the CPU has a fused multiply-add instruction: without one the runtime
    /// emulates vector FMA element by element, far slower than the scalar path (same bits).
    /// </summary>
    public static int PreferredWidth { get; } =
        !(System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) ? 1
        : Vector512.IsHardwareAccelerated ? 16
        : Vector256.IsHardwareAccelerated ? 8
        : Vector128.IsHardwareAccelerated ? 4
        : 1;

    /// <summary>16 float32 lanes.</summary>
    internal readonly struct Lanes16 : ILanes<Lanes16>
    {
        private readonly Vector512<float> value;

        private Lanes16(Vector512<float> value) => this.value = value;

        public static int Count => 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Lanes16 Load(float* source) => new(Vector512.Load(source));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(float* destination, Lanes16 value) => value.value.Store(destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes16 Splat(float value) => new(Vector512.Create(value));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes16 MulAdd(Lanes16 acc, Lanes16 x, Lanes16 y) => new(NumericsContract.MulAdd(x.value, y.value, acc.value));
    }

    /// <summary>8 float32 lanes.</summary>
    internal readonly struct Lanes8 : ILanes<Lanes8>
    {
        private readonly Vector256<float> value;

        private Lanes8(Vector256<float> value) => this.value = value;

        public static int Count => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Lanes8 Load(float* source) => new(Vector256.Load(source));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(float* destination, Lanes8 value) => value.value.Store(destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes8 Splat(float value) => new(Vector256.Create(value));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes8 MulAdd(Lanes8 acc, Lanes8 x, Lanes8 y) => new(NumericsContract.MulAdd(x.value, y.value, acc.value));
    }

    /// <summary>4 float32 lanes.</summary>
    internal readonly struct Lanes4 : ILanes<Lanes4>
    {
        private readonly Vector128<float> value;

        private Lanes4(Vector128<float> value) => this.value = value;

        public static int Count => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Lanes4 Load(float* source) => new(Vector128.Load(source));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(float* destination, Lanes4 value) => value.value.Store(destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes4 Splat(float value) => new(Vector128.Create(value));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes4 MulAdd(Lanes4 acc, Lanes4 x, Lanes4 y) => new(NumericsContract.MulAdd(x.value, y.value, acc.value));
    }

    /// <summary>One float32 lane: the scalar reference path.</summary>
    internal readonly struct Lanes1 : ILanes<Lanes1>
    {
        private readonly float value;

        private Lanes1(float value) => this.value = value;

        public static int Count => 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Lanes1 Load(float* source) => new(*source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(float* destination, Lanes1 value) => *destination = value.value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes1 Splat(float value) => new(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Lanes1 MulAdd(Lanes1 acc, Lanes1 x, Lanes1 y) => new(NumericsContract.MulAdd(x.value, y.value, acc.value));
    }
}
