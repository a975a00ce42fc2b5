using System.Runtime.CompilerServices;

namespace TrustScore.Consensus.Numerics;

/// <summary>
/// exp, ln and the logistic sigmoid built only from IEEE-754 +, −, ×, ÷, fused multiply-add and
/// exact bit manipulation — no platform libm (docs/numerics.md §4). The algorithms and every
/// constant (as hex bit patterns) are written in docs/numerics.md §4 so that another language can
/// reproduce the bits. Internally binary64; <see cref="Sigmoid(float)"/> rounds once to binary32.
/// </summary>
public static class ExpApprox
{
    // exp: x = n·ln2 + r, |r| <= ln2/2 (+ tiny), e^r by the degree-13 Taylor polynomial with
    // coefficients 1/k! rounded to binary64, then scaled by 2^n in two exact power-of-two steps.
    private static readonly double InvLn2 = BitConverter.UInt64BitsToDouble(0x3FF71547652B82FE);
    private static readonly double Ln2Hi = BitConverter.UInt64BitsToDouble(0x3FE62E42FEE00000);
    private static readonly double Ln2Lo = BitConverter.UInt64BitsToDouble(0x3DEA39EF35793C76);
    private static readonly double RoundShifter = BitConverter.UInt64BitsToDouble(0x4338000000000000); // 1.5·2^52
    private static readonly double E0 = BitConverter.UInt64BitsToDouble(0x3FF0000000000000);
    private static readonly double E1 = BitConverter.UInt64BitsToDouble(0x3FF0000000000000);
    private static readonly double E2 = BitConverter.UInt64BitsToDouble(0x3FE0000000000000);
    private static readonly double E3 = BitConverter.UInt64BitsToDouble(0x3FC5555555555555);
    private static readonly double E4 = BitConverter.UInt64BitsToDouble(0x3FA5555555555555);
    private static readonly double E5 = BitConverter.UInt64BitsToDouble(0x3F81111111111111);
    private static readonly double E6 = BitConverter.UInt64BitsToDouble(0x3F56C16C16C16C17);
    private static readonly double E7 = BitConverter.UInt64BitsToDouble(0x3F2A01A01A01A01A);
    private static readonly double E8 = BitConverter.UInt64BitsToDouble(0x3EFA01A01A01A01A);
    private static readonly double E9 = BitConverter.UInt64BitsToDouble(0x3EC71DE3A556C734);
    private static readonly double E10 = BitConverter.UInt64BitsToDouble(0x3E927E4FB7789F5C);
    private static readonly double E11 = BitConverter.UInt64BitsToDouble(0x3E5AE64567F544E4);
    private static readonly double E12 = BitConverter.UInt64BitsToDouble(0x3E21EED8EFF8D898);
    private static readonly double E13 = BitConverter.UInt64BitsToDouble(0x3DE6124613A86D09);

    // ln: x = m·2^e with m in [sqrt(1/2), sqrt(2)), f = (m−1)/(m+1), ln m = 2f·Σ f^(2i)/(2i+1), i = 0..11.
    private static readonly double Ln2 = BitConverter.UInt64BitsToDouble(0x3FE62E42FEFA39EF);
    private static readonly double Sqrt2 = BitConverter.UInt64BitsToDouble(0x3FF6A09E667F3BCD);
    private static readonly double L0 = BitConverter.UInt64BitsToDouble(0x3FF0000000000000);
    private static readonly double L1 = BitConverter.UInt64BitsToDouble(0x3FD5555555555555);
    private static readonly double L2 = BitConverter.UInt64BitsToDouble(0x3FC999999999999A);
    private static readonly double L3 = BitConverter.UInt64BitsToDouble(0x3FC2492492492492);
    private static readonly double L4 = BitConverter.UInt64BitsToDouble(0x3FBC71C71C71C71C);
    private static readonly double L5 = BitConverter.UInt64BitsToDouble(0x3FB745D1745D1746);
    private static readonly double L6 = BitConverter.UInt64BitsToDouble(0x3FB3B13B13B13B14);
    private static readonly double L7 = BitConverter.UInt64BitsToDouble(0x3FB1111111111111);
    private static readonly double L8 = BitConverter.UInt64BitsToDouble(0x3FAE1E1E1E1E1E1E);
    private static readonly double L9 = BitConverter.UInt64BitsToDouble(0x3FAAF286BCA1AF28);
    private static readonly double L10 = BitConverter.UInt64BitsToDouble(0x3FA8618618618618);
    private static readonly double L11 = BitConverter.UInt64BitsToDouble(0x3FA642C8590B2164);

    /// <summary>
    /// e^x in binary64 (max error about 1 ulp of binary64). NaN gives NaN; x ≥ 710 gives +∞;
    /// x ≤ −746 gives +0. In between the result is defined by the operations in docs/numerics.md §4.1.
    /// </summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x >= 710.0)
        {
            return double.PositiveInfinity;
        }

        if (x <= -746.0)
        {
            return 0.0;
        }

        // n = x/ln2 rounded to nearest, ties to even, by the 1.5·2^52 shifter (only + and −).
        double k = x * InvLn2;
        double n = (k + RoundShifter) - RoundShifter;
        double r = NumericsContract.MulAdd(-n, Ln2Hi, x);
        r = NumericsContract.MulAdd(-n, Ln2Lo, r);

        double p = E13;
        p = NumericsContract.MulAdd(p, r, E12);
        p = NumericsContract.MulAdd(p, r, E11);
        p = NumericsContract.MulAdd(p, r, E10);
        p = NumericsContract.MulAdd(p, r, E9);
        p = NumericsContract.MulAdd(p, r, E8);
        p = NumericsContract.MulAdd(p, r, E7);
        p = NumericsContract.MulAdd(p, r, E6);
        p = NumericsContract.MulAdd(p, r, E5);
        p = NumericsContract.MulAdd(p, r, E4);
        p = NumericsContract.MulAdd(p, r, E3);
        p = NumericsContract.MulAdd(p, r, E2);
        p = NumericsContract.MulAdd(p, r, E1);
        p = NumericsContract.MulAdd(p, r, E0);

        // 2^n in two halves so that each factor is a normal binary64 for every n in [-1077, 1025].
        int ni = (int)n;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * PowerOfTwo(n1) * PowerOfTwo(n2);
    }

    /// <summary>
    /// Natural logarithm in binary64 (max error about 1 ulp of binary64). NaN or x &lt; 0 gives NaN,
    /// ±0 gives −∞, +∞ gives +∞. Defined by the operations in docs/numerics.md §4.2.
    /// </summary>
    public static double Ln(double x)
    {
        if (double.IsNaN(x) || x < 0.0)
        {
            return double.NaN;
        }

        if (x == 0.0)
        {
            return double.NegativeInfinity;
        }

        if (double.IsPositiveInfinity(x))
        {
            return double.PositiveInfinity;
        }

        int e = 0;
        if (x < 2.2250738585072014E-308)
        {
            x *= PowerOfTwo(54); // exact: brings a subnormal into the normal range
            e = -54;
        }

        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        e += (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.UInt64BitsToDouble((bits & 0x000FFFFFFFFFFFFFUL) | 0x3FF0000000000000UL); // [1, 2)
        if (m >= Sqrt2)
        {
            m *= 0.5; // exact
            e += 1;
        }

        double f = (m - 1.0) / (m + 1.0);
        double f2 = f * f;
        double s = L11;
        s = NumericsContract.MulAdd(s, f2, L10);
        s = NumericsContract.MulAdd(s, f2, L9);
        s = NumericsContract.MulAdd(s, f2, L8);
        s = NumericsContract.MulAdd(s, f2, L7);
        s = NumericsContract.MulAdd(s, f2, L6);
        s = NumericsContract.MulAdd(s, f2, L5);
        s = NumericsContract.MulAdd(s, f2, L4);
        s = NumericsContract.MulAdd(s, f2, L3);
        s = NumericsContract.MulAdd(s, f2, L2);
        s = NumericsContract.MulAdd(s, f2, L1);
        s = NumericsContract.MulAdd(s, f2, L0);
        double lnM = (2.0 * f) * s;
        return NumericsContract.MulAdd(e, Ln2, lnM);
    }

    /// <summary>
    /// The logistic function 1/(1 + e^−z), computed in binary64 as <c>1.0 / (1.0 + Exp(−z))</c> and
    /// rounded once to binary32. Max error 1 ulp (binary32) against an exact reference; NaN gives NaN,
    /// +∞ gives 1, −∞ gives 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float z)
    {
        double t = Exp(-(double)z);
        return (float)(1.0 / (1.0 + t));
    }

    /// <summary>Element-wise <see cref="Sigmoid(float)"/>: y[i] = sigmoid(z[i]). Shapes: y [n], z [n].</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Sigmoid(Span<float> y, ReadOnlySpan<float> z)
    {
        if (y.Length != z.Length)
        {
            throw new ArgumentException($"Sigmoid: output length {y.Length} differs from input length {z.Length}.", nameof(y));
        }

        for (int i = 0; i < z.Length; i++)
        {
            y[i] = Sigmoid(z[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PowerOfTwo(int n) => BitConverter.UInt64BitsToDouble((ulong)(n + 1023) << 52);
}
