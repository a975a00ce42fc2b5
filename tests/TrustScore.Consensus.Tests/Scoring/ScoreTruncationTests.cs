using TrustScore.Consensus.Scoring;

namespace TrustScore.Consensus.Tests.Scoring;

/// <summary>
/// The node's integer-score rule (docs/numerics.md §8), case by case. Expected values follow the
/// node's written rule — NaN or negative → 0, above 100 → 100, otherwise truncation toward zero —
/// checked by hand for each case.
/// </summary>
public sealed class ScoreTruncationTests
{
    [Theory]
    [InlineData(0f, 0)]
    [InlineData(1e-45f, 0)]
    [InlineData(0.99999994f, 0)]
    [InlineData(1f, 1)]
    [InlineData(49.5f, 49)]
    [InlineData(49.99f, 49)]
    [InlineData(49.999996f, 49)]
    [InlineData(50f, 50)]
    [InlineData(50.000004f, 50)]
    [InlineData(99.99999f, 99)]
    [InlineData(100f, 100)]
    [InlineData(100.00001f, 100)]
    [InlineData(1e30f, 100)]
    [InlineData(-3f, 0)]
    [InlineData(-1e-45f, 0)]
    [InlineData(float.PositiveInfinity, 100)]
    [InlineData(float.NegativeInfinity, 0)]
    public void ToScore_FollowsTheNodesRule(float output, int expected) => Assert.Equal(expected, ScoreTruncation.ToScore(output));

    [Fact]
    public void ToScore_NaN_IsZero_NegativeZero_IsZero()
    {
        Assert.Equal(0, ScoreTruncation.ToScore(float.NaN));
        Assert.Equal(0, ScoreTruncation.ToScore(BitConverter.UInt32BitsToSingle(0xFFC00001))); // a negative NaN payload
        Assert.Equal(0, ScoreTruncation.ToScore(-0f));
    }

    [Fact]
    public void ToScore_AgreesWithExactDecimalTruncation_ForManyValues()
    {
        for (int i = 0; i <= 210_000; i++)
        {
            float y = i * 5e-4f;
            decimal exact = (decimal)(double)y; // exact: y has few significant bits
            int expected = (int)Math.Min(100m, Math.Floor(exact));
            Assert.Equal(expected, ScoreTruncation.ToScore(y));
        }
    }

    [Fact]
    public void ToScore_JustBelowEveryInteger_IsTheIntegerBelow()
    {
        for (int m = 1; m <= 100; m++)
        {
            float below = MathF.BitDecrement(m);
            Assert.Equal(m - 1, ScoreTruncation.ToScore(below));
            Assert.Equal(m, ScoreTruncation.ToScore(m));
        }
    }
}
