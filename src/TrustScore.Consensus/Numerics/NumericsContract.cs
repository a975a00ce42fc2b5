using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrustScore.Consensus.Numerics;

/// <summary>
/// The one place the consensus arithmetic is pinned (docs/numerics.md §1–2).
/// Every multiply-add in a consensus kernel is one IEEE-754 fused multiply-add with a single
/// rounding, taken from here and never from JIT contraction; subnormals are kept (no flush to zero);
/// every reduction is a sequential sum in the order each kernel documents.
/// </summary>
public static class NumericsContract
{
    /// <summary>Version of the written numerics contract; recorded in manifests and conformance files.</summary>
    public const string Version = "trustscore-numerics/1";

    /// <summary>
    /// True: every <c>a·b + c</c> in a consensus kernel is computed as one fused multiply-add
    /// (round(a·b + c), one rounding). Chosen because arm64 compilers fuse on their own and FMA is
    /// the fast path on every current CPU; where no hardware FMA exists the runtime computes the
    /// same correctly rounded value in software (slower, identical bits).
    /// </summary>
    public const bool FusedMultiplyAdd = true;

    /// <summary>False: subnormal inputs and results are honoured (IEEE default; no FTZ/DAZ).</summary>
    public const bool FlushSubnormals = false;

    /// <summary>Element type of every consensus tensor and accumulator (binary32).</summary>
    public const string TensorElementType = "binary32";

#pragma warning disable RS0030 // The FMA choice lives here only (eng/BannedSymbols.txt).
    /// <summary>round(a·b + c) with one rounding (binary32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MulAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    /// <summary>round(a·b + c) with one rounding (binary64; used by exp/log and the PRNG).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MulAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
#pragma warning restore RS0030

    /// <summary>Lane-wise <see cref="MulAdd(float, float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);

    /// <summary>Lane-wise <see cref="MulAdd(float, float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    /// <summary>Lane-wise <see cref="MulAdd(float, float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
}
