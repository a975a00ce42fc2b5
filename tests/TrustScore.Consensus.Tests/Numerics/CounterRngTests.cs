using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Tests.Numerics;

/// <summary>
/// Golden streams for the owned PRNG. Every expected value below was produced once by
/// reference_numerics.py (beside this file), an independent Python implementation of
/// docs/numerics.md §5, and pasted here; none comes from the C# code under test.
/// </summary>
public sealed class CounterRngTests
{
    [Fact]
    public void Mix64_KeyZero_MatchesPublishedSplitMix64FirstOutput()
    {
        // SplitMix64 seeded with 0 yields 0xE220A8397B1DCDAF first (Vigna's reference splitmix64.c).
        Assert.Equal(0xE220A8397B1DCDAFUL, CounterRng.Mix64(0x9E3779B97F4A7C15UL));
    }

    [Fact]
    public void Create_Seed42WeightInit_HasGoldenKeyAndStream()
    {
        var rng = CounterRng.Create(42, RngPurpose.WeightInit);
        Assert.Equal(0xA359DEC2F119CB06UL, rng.Key);
        ulong[] expected = [0xC6BCF8B40E4B14ED, 0x1F9754D4B4F738F2, 0x9CA60DDA66CCB0C3, 0xEB6D29A3C7D7E401, 0xC2DD70413F4F7065];
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], rng.NextUInt64((ulong)c));
        }

        Assert.Equal(0x000CD8DEB650ED72UL, rng.NextUInt64(1UL << 40));
    }

    [Fact]
    public void Create_AllKeyWordsUsed_GoldenKey()
    {
        var rng = CounterRng.Create(7, RngPurpose.Shuffle, 3, 9);
        Assert.Equal(0xC40CFD408C42FD58UL, rng.Key);
        Assert.Equal(0xE6E79144CF6423C6UL, rng.NextUInt64(0));
        Assert.Equal(0xA4CEB5D58F9D521FUL, rng.NextUInt64(1));
    }

    [Fact]
    public void Uniform_GoldenBitPatterns()
    {
        var rng = CounterRng.Create(42, RngPurpose.WeightInit);
        uint[] f32 = [0x3F46BCF8, 0x3DFCBAA0, 0x3F1CA60D, 0x3F6B6D29];
        ulong[] f64 = [0x3FE8D79F1681C962, 0x3FBF9754D4B4F738, 0x3FE394C1BB4CD996, 0x3FED6DA53478FAFC];
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(f32[c], BitConverter.SingleToUInt32Bits(rng.Uniform((ulong)c)));
            Assert.Equal(f64[c], BitConverter.DoubleToUInt64Bits(rng.UniformDouble((ulong)c)));
        }
    }

    [Fact]
    public void Normal_GoldenBitPatterns()
    {
        var rng = CounterRng.Create(42, RngPurpose.WeightInit);
        ulong[] expected = [0x3FD3C19E4A5AD896, 0xBFF0CC77F25C92AF, 0x3FFEB82B70555DF3, 0x3FBDB2B2001ECD8B, 0x3FF2C0C3F503E929, 0xBFF3E973A089E27A];
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], BitConverter.DoubleToUInt64Bits(rng.Normal((ulong)c)));
        }
    }

    [Fact]
    public void Permutation_Golden()
    {
        var rng = CounterRng.Create(42, RngPurpose.Shuffle);
        var p = new int[10];
        rng.Permutation(p);
        Assert.Equal([2, 5, 1, 4, 0, 3, 7, 8, 9, 6], p);
    }

    [Fact]
    public void Permutation_IsAPermutation_AndCallOrderIndependent()
    {
        var rng = CounterRng.Create(3, RngPurpose.Split, 1);
        var p = new int[1000];
        rng.Permutation(p);
        var sorted = p.Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), sorted);
        var again = new int[1000];
        _ = rng.NextUInt64(12345); // unrelated draws do not disturb a stateless stream
        rng.Permutation(again);
        Assert.Equal(p, again);
    }

    [Fact]
    public void Streams_DifferByPurposeAndIndex()
    {
        var a = CounterRng.Create(1, RngPurpose.Dropout, 0, 0);
        var b = CounterRng.Create(1, RngPurpose.Dropout, 0, 1);
        var c = CounterRng.Create(1, RngPurpose.Shuffle, 0, 0);
        Assert.NotEqual(a.NextUInt64(0), b.NextUInt64(0));
        Assert.NotEqual(a.NextUInt64(0), c.NextUInt64(0));
    }

    [Fact]
    public void Normal_MomentsAreStandard()
    {
        var rng = CounterRng.Create(11, RngPurpose.WeightInit);
        const int count = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (ulong c = 0; c < count; c++)
        {
            double z = rng.Normal(c);
            sum += z;
            sumSq += z * z;
        }

        double mean = sum / count;
        double variance = (sumSq / count) - (mean * mean);
        Assert.InRange(mean, -0.01, 0.01); // 4.5 standard errors
        Assert.InRange(variance, 0.985, 1.015);
    }

    [Fact]
    public void Uniform_StaysInUnitInterval()
    {
        var rng = CounterRng.Create(5, RngPurpose.Synthetic);
        for (ulong c = 0; c < 100_000; c++)
        {
            float u = rng.Uniform(c);
            double v = rng.UniformDouble(c);
            Assert.True(u is >= 0f and < 1f, $"uniform {u} at {c}");
            Assert.True(v is >= 0.0 and < 1.0, $"uniform double {v} at {c}");
        }
    }

    [Fact]
    public void Normal_CounterTooLarge_Throws()
    {
        var rng = CounterRng.Create(5, RngPurpose.Synthetic);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Normal(CounterRng.MaxNormalCounter + 1));
    }
}
