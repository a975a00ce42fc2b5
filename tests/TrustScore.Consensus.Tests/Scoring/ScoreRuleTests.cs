using TrustScore.Consensus.Scoring;

namespace TrustScore.Consensus.Tests.Scoring;

public sealed class ScoreRuleTests
{
    [Fact]
    public void Ids_AreTheDocumentedStrings()
    {
        Assert.Equal("trustscore-score/1:truncate:0-100", ScoreRule.Truncate.Id);
        Assert.Equal("trustscore-score/1:round-half-up:0-100", ScoreRule.RoundHalfUp.Id);
        Assert.Same(ScoreRule.Truncate, ScoreRule.Default);
    }

    [Theory]
    [InlineData("truncate", "trustscore-score/1:truncate:0-100")]
    [InlineData("trustscore-score/1:truncate:0-100", "trustscore-score/1:truncate:0-100")]
    [InlineData("round-half-up", "trustscore-score/1:round-half-up:0-100")]
    [InlineData("trustscore-score/1:round-half-up:0-100", "trustscore-score/1:round-half-up:0-100")]
    public void Find_AcceptsShortNameAndId(string name, string id) => Assert.Equal(id, ScoreRule.Find(name)!.Id);

    [Theory]
    [InlineData("Truncate")]
    [InlineData("round")]
    [InlineData(null)]
    public void Find_UnknownIsNull(string? name) => Assert.Null(ScoreRule.Find(name));

    [Theory]
    [InlineData(49.5f, 49, 50)]
    [InlineData(49.99f, 49, 50)]
    [InlineData(49.4f, 49, 49)]
    [InlineData(99.5f, 99, 100)]
    [InlineData(0.5f, 0, 1)]
    public void TheTwoRules_DifferWhereTheFractionIsAtLeastAHalf(float output, int truncated, int rounded)
    {
        Assert.Equal(truncated, ScoreRule.Truncate.ToScore(output));
        Assert.Equal(rounded, ScoreRule.RoundHalfUp.ToScore(output));
    }

    [Fact]
    public void StepAt_IsWhereEachRuleFirstGivesTheScore()
    {
        foreach (ScoreRule rule in ScoreRule.All)
        {
            for (int m = 1; m <= 100; m++)
            {
                float step = rule.StepAt(m);
                Assert.Equal(m, rule.ToScore(step));
                Assert.Equal(m - 1, rule.ToScore(MathF.BitDecrement(step)));
            }
        }
    }
}
