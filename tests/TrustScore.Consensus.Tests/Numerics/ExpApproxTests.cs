using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Tests.Numerics;

/// <summary>
/// exp/ln/sigmoid: golden bit patterns from reference_numerics.py (independent Python
/// implementation of docs/numerics.md §4, output pasted), and accuracy against the platform libm
/// in binary64 as a high-precision reference (allowed in tests, banned in the consensus code).
/// </summary>
public sealed class ExpApproxTests
{
    public static TheoryData<uint, uint> SigmoidGolden => new()
    {
        { 0x00000000, 0x3F000000 }, { 0x3F800000, 0x3F3B26A8 }, { 0xBF800000, 0x3E89B2B1 },
        { 0x3F000000, 0x3F1F597F }, { 0xBF000000, 0x3EC14D03 }, { 0x40000000, 0x3F617BEB },
        { 0xC0000000, 0x3DF420A9 }, { 0x40A00000, 0x3F7E4961 }, { 0xC0A00000, 0x3BDB4FB4 },
        { 0x41200000, 0x3F7FFD06 }, { 0xC1200000, 0x383E6997 }, { 0x41840000, 0x3F7FFFFF },
        { 0x41880000, 0x3F7FFFFF }, { 0x41900000, 0x3F800000 }, { 0x41F00000, 0x3F800000 },
        { 0xC1A00000, 0x310DA433 }, { 0xC2480000, 0x1B692BEB }, { 0xC2AE0000, 0x00B33687 },
        { 0xC2C80000, 0x0000001B }, { 0xC2CE0000, 0x00000001 }, { 0xC2CF0000, 0x00000001 },
        { 0xC2D00000, 0x00000000 }, { 0xC2DC0000, 0x00000000 }, { 0x322BCC77, 0x3F000000 },
        { 0xB22BCC77, 0x3F000000 }, { 0x3DFCB924, 0x3F07E339 }, { 0xC0700000, 0x3CBC3B0A },
        { 0x7F7FC99E, 0x3F800000 }, { 0xFF7FC99E, 0x00000000 },
    };

    public static TheoryData<ulong, ulong> ExpGolden => new()
    {
        { 0x0000000000000000, 0x3FF0000000000000 }, { 0x3FF0000000000000, 0x4005BF0A8B145769 },
        { 0xBFF0000000000000, 0x3FD78B56362CEF38 }, { 0x3FE0000000000000, 0x3FFA61298E1E069C },
        { 0x4024000000000000, 0x40D5829DCF95055F }, { 0xC024000000000000, 0x3F07CD79B5647C9B },
        { 0x4059000000000000, 0x48F3494A9B171BF5 }, { 0xC085E00000000000, 0x00D14F2B0FB9307F },
        { 0x40862C0000000000, 0x7FE81E9B4B52D0C9 }, { 0xC087480000000000, 0x0000000000000001 },
        { 0x01A56E1FC2F8F359, 0x3FF0000000000000 },
    };

    public static TheoryData<ulong, ulong> LnGolden => new()
    {
        { 0x3FF0000000000000, 0x0000000000000000 }, { 0x4000000000000000, 0x3FE62E42FEFA39EF },
        { 0x3FE0000000000000, 0xBFE62E42FEFA39EF }, { 0x4024000000000000, 0x40026BB1BBB55515 },
        { 0x01A56E1FC2F8F359, 0xC085963447F87FB5 }, { 0x0000000000000001, 0xC0874385446D71C3 },
        { 0x7FEFFFFFFFFFFFFF, 0x40862E42FEFA39EF }, { 0x3FE6666666666666, 0xBFD6D3C324E13F4F },
        { 0x3FF6A09E667F3BCD, 0x3FD62E42FEFA39F0 },
    };

    [Theory]
    [MemberData(nameof(SigmoidGolden))]
    public void Sigmoid_MatchesGoldenBits(uint z, uint expected)
    {
        float y = ExpApprox.Sigmoid(BitConverter.UInt32BitsToSingle(z));
        Assert.Equal(expected, BitConverter.SingleToUInt32Bits(y));
    }

    [Theory]
    [MemberData(nameof(ExpGolden))]
    public void Exp_MatchesGoldenBits(ulong x, ulong expected)
    {
        Assert.Equal(expected, BitConverter.DoubleToUInt64Bits(ExpApprox.Exp(BitConverter.UInt64BitsToDouble(x))));
    }

    [Theory]
    [MemberData(nameof(LnGolden))]
    public void Ln_MatchesGoldenBits(ulong x, ulong expected)
    {
        Assert.Equal(expected, BitConverter.DoubleToUInt64Bits(ExpApprox.Ln(BitConverter.UInt64BitsToDouble(x))));
    }

    [Fact]
    public void Sigmoid_SpecialValues()
    {
        Assert.True(float.IsNaN(ExpApprox.Sigmoid(float.NaN)));
        Assert.Equal(1f, ExpApprox.Sigmoid(float.PositiveInfinity));
        Assert.Equal(0f, ExpApprox.Sigmoid(float.NegativeInfinity));
        Assert.True(double.IsNaN(ExpApprox.Ln(-1.0)));
        Assert.Equal(double.NegativeInfinity, ExpApprox.Ln(0.0));
        Assert.Equal(double.PositiveInfinity, ExpApprox.Exp(710.0));
    }

    /// <summary>
    /// Every 211th binary32 bit pattern in the used range [−105, 18] (about 10 million inputs): the
    /// result is within 1 ulp of the reference sigmoid, and off by one ulp at most a handful of
    /// times (docs/numerics.md states the exhaustive figure).
    /// </summary>
    [Fact]
    public void Sigmoid_WithinOneUlpOfReference_OverUsedRange()
    {
        int maxUlp = 0;
        long mismatches = 0;
        long count = 0;
        // Negative side: -0 .. -105; positive side: +0 .. 18.
        foreach (var (start, end) in new[] { (0x80000000u, 0xC2D20000u), (0x00000000u, 0x41900000u) })
        {
            for (ulong bits = start; bits <= end; bits += 211)
            {
                float z = BitConverter.UInt32BitsToSingle((uint)bits);
                float ours = ExpApprox.Sigmoid(z);
                float reference = (float)(1.0 / (1.0 + Math.Exp(-(double)z)));
                int ulp = Math.Abs((int)BitConverter.SingleToUInt32Bits(ours) - (int)BitConverter.SingleToUInt32Bits(reference));
                maxUlp = Math.Max(maxUlp, ulp);
                mismatches += ulp != 0 ? 1 : 0;
                count++;
            }
        }

        Assert.True(count > 10_000_000, $"only {count} inputs checked");
        Assert.True(maxUlp <= 1, $"max error {maxUlp} ulp");
        Assert.True(mismatches <= count / 1_000_000 + 5, $"{mismatches} of {count} inputs differ by 1 ulp");
    }

    [Fact]
    public void Exp_RelativeErrorBelowTwoUlp_OverWideRange()
    {
        double maxRel = 0;
        for (int i = -700_000; i <= 700_000; i += 7)
        {
            double x = i / 1000.0 + 0.000123;
            double ours = ExpApprox.Exp(x);
            double reference = Math.Exp(x);
            maxRel = Math.Max(maxRel, Math.Abs(ours - reference) / reference);
        }

        Assert.True(maxRel < 4.5e-16, $"max relative error {maxRel:E3}");
    }

    [Fact]
    public void Ln_RelativeErrorBelowTwoUlp()
    {
        double maxAbs = 0;
        for (int i = 1; i < 2_000_000; i += 3)
        {
            double x = i * 1.2345e-4;
            double ours = ExpApprox.Ln(x);
            double reference = Math.Log(x);
            maxAbs = Math.Max(maxAbs, Math.Abs(ours - reference) / Math.Max(1.0, Math.Abs(reference)));
        }

        Assert.True(maxAbs < 4.5e-16, $"max error {maxAbs:E3}");
    }

    [Fact]
    public void SigmoidSpan_MatchesScalar_AndRejectsLengthMismatch()
    {
        float[] z = [-3f, 0f, 0.25f, 7f];
        var y = new float[4];
        ExpApprox.Sigmoid(y, z);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.Equal(ExpApprox.Sigmoid(z[i]), y[i]);
        }

        Assert.Throws<ArgumentException>(() => ExpApprox.Sigmoid(new float[3], z));
    }
}
