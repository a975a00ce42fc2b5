using TrustScore.Consensus.Scoring;

namespace TrustScore.Consensus.Tests.Scoring;

/// <summary>The written integer-score rule (docs/numerics.md §8), case by case.</summary>
public sealed class ScoreRoundingTests
{
    [Theory]
    [InlineData(0f, 0)]
    [InlineData(1e-45f, 0)]
    [InlineData(0.49999997f, 0)]
    [InlineData(0.5f, 1)]
    [InlineData(49.499996f, 49)]
    [InlineData(49.5f, 50)]
    [InlineData(50.5f, 51)]
    [InlineData(99.49999f, 99)]
    [InlineData(99.5f, 100)]
    [InlineData(100f, 100)]
    [InlineData(100.00001f, 100)]
    [InlineData(-3f, 0)]
    [InlineData(float.PositiveInfinity, 100)]
    [InlineData(float.NegativeInfinity, 0)]
    public void ToScore_FollowsTheRule(float output, int expected) => Assert.Equal(expected, ScoreRounding.ToScore(output));

    [Fact]
    public void ToScore_NaN_Throws_NegativeZero_IsZero()
    {
        Assert.Throws<ArgumentException>(() => ScoreRounding.ToScore(float.NaN));
        Assert.Equal(0, ScoreRounding.ToScore(-0f));
    }

    [Fact]
    public void ToScore_AgreesWithExactDecimalRounding_ForManyValues()
    {
        for (int i = 0; i <= 200_000; i++)
        {
            float y = i * 5e-4f;
            decimal exact = (decimal)(double)y; // exact: y has few significant bits
            int expected = (int)Math.Min(100m, Math.Floor(exact + 0.5m));
            Assert.Equal(expected, ScoreRounding.ToScore(y));
        }
    }
}
