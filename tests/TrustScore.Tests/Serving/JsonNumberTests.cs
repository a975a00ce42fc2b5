using System.Globalization;
using System.Text;
using TrustScore.Serving;

namespace TrustScore.Tests.Serving;

/// <summary>The fast number path must give exactly the double that .NET's correctly rounded parser gives.</summary>
public sealed class JsonNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("1")]
    [InlineData("0.5")]
    [InlineData("-0.000123")]
    [InlineData("73.48112")]
    [InlineData("1e22")]
    [InlineData("1.5E-21")]
    [InlineData("9007199254740992")]
    [InlineData("0.30000001")]
    public void KnownTokens_TakeTheFastPath_AndMatchDoubleParse(string token) => Assert.True(AssertSame(token), $"{token} did not take the fast path");

    [Theory]
    [InlineData("9007199254740993")] // significand above 2^53
    [InlineData("1e23")]
    [InlineData("1e-23")]
    [InlineData("12345678901234567890")] // 20 digits
    [InlineData("1e39")]
    [InlineData("1.5E-22")] // 15e-23: exponent below -22
    [InlineData("0.30000001192092896")] // 17 digits, above 2^53
    [InlineData("123456789012345678e-5")] // 18 digits, above 2^53
    public void OutsideTheExactRange_FallsBack(string token) =>
        Assert.False(JsonNumber.TryParseExact(Encoding.ASCII.GetBytes(token), out _));

    [Fact]
    public void RandomFloatsAndDoubles_InRoundTripForm_MatchDoubleParse_AndMostTakeTheFastPath()
    {
        var random = new Random(12345);
        int fast = 0;
        const int count = 20000;
        for (int i = 0; i < count; i++)
        {
            float f = BitConverter.Int32BitsToSingle(random.Next()) is var bits && float.IsFinite(bits) ? bits : 0f;
            float scaled = (float)((random.NextDouble() * 2) - 1);
            foreach (string token in new[]
            {
                f.ToString("R", CultureInfo.InvariantCulture),
                scaled.ToString("R", CultureInfo.InvariantCulture),
                (random.NextDouble() * 100).ToString("R", CultureInfo.InvariantCulture),
            })
            {
                if (AssertSame(token))
                {
                    fast++;
                }
            }
        }

        // Feature values (|x| <= 1, float round-trip form) nearly all take the fast path.
        Assert.True(fast > count, $"only {fast} of {3 * count} tokens took the fast path");
    }

    private static bool AssertSame(string token)
    {
        bool ok = JsonNumber.TryParseExact(Encoding.ASCII.GetBytes(token), out double value);
        if (ok)
        {
            double expected = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{token}: fast path gave {value:R}, double.Parse {expected:R}");
        }

        return ok;
    }
}
