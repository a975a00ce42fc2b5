using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TrustScore.Consensus.Numerics;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Numerics;

/// <summary>
/// Text → binary32 rounds once (docs/numerics.md §11). Expected values come from exact rational
/// arithmetic (<see cref="CraftedDecimals"/>), never from a parser.
/// </summary>
public sealed class Binary32TextTests
{
    private static readonly List<CraftedDecimals.Case> Cases = CraftedDecimals.Generate(600, 20, i => CraftedDecimals.Spread(20, i));

    [Fact]
    public void CraftedMidpointDecimals_ParseToTheCorrectlyRoundedBinary32()
    {
        foreach (var c in Cases)
        {
            Assert.True(Binary32Text.TryParse(Encoding.ASCII.GetBytes(c.Text), out float utf8), c.Text);
            Assert.True(Binary32Text.TryParse(c.Text.AsSpan(), out float utf16), c.Text);
            AssertBits(c.Expected, utf8, c.Text);
            AssertBits(c.Expected, utf16, c.Text);
        }
    }

    [Fact]
    public void CraftedCases_AreExactlyWhereBinary64ThenBinary32Differs()
    {
        // Proves the cases bite: the double-rounded conversion differs on every Above/Below case
        // and agrees on the exact midpoints.
        int differing = 0;
        foreach (var c in Cases)
        {
            float twice = (float)double.Parse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            bool differs = BitConverter.SingleToUInt32Bits(twice) != BitConverter.SingleToUInt32Bits(c.Expected);
            Assert.True(differs == (c.Kind != CraftedDecimals.Kind.Exact), $"{c.Kind} {c.Text}");
            differing += differs ? 1 : 0;
        }

        Assert.True(differing >= 400, $"only {differing} cases differ");
    }

    [Fact]
    public void DotNetFloatParse_RoundsOnce_ButUtf8ParserAndJsonGetSingle_DoNot()
    {
        // Binary32Text relies on float.TryParse for its slow path. Utf8Parser.TryParse(out float)
        // and Utf8JsonReader.GetSingle (which uses it) keep a limited number of digits and
        // misround long decimals, so no input path may call them (docs/numerics.md §11).
        int floatParseWrong = 0, utf8ParserWrong = 0, getSingleWrong = 0;
        var examples = new List<string>();
        foreach (var c in Cases)
        {
            byte[] utf8 = Encoding.ASCII.GetBytes(c.Text);
            uint expected = BitConverter.SingleToUInt32Bits(c.Expected);
            bool ok = float.TryParse(c.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out float a) && BitConverter.SingleToUInt32Bits(a) == expected;
            ok &= float.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out float b) && BitConverter.SingleToUInt32Bits(b) == expected;
            floatParseWrong += ok ? 0 : 1;
            char format = c.Text.Contains('e', StringComparison.OrdinalIgnoreCase) ? 'E' : 'F';
            if (!Utf8Parser.TryParse(utf8, out float p, out _, format) || BitConverter.SingleToUInt32Bits(p) != expected)
            {
                utf8ParserWrong++;
                if (examples.Count < 3)
                {
                    examples.Add(c.Text);
                }
            }

            var reader = new Utf8JsonReader(utf8);
            Assert.True(reader.Read());
            getSingleWrong += reader.TryGetSingle(out float g) && BitConverter.SingleToUInt32Bits(g) == expected ? 0 : 1;
        }

        string summary = $"of {Cases.Count}: float.Parse wrong {floatParseWrong}, Utf8Parser wrong {utf8ParserWrong}, GetSingle wrong {getSingleWrong}; e.g. {string.Join(" | ", examples)}";
        Assert.True(floatParseWrong == 0, summary);
        Assert.True(utf8ParserWrong > 0 && getSingleWrong > 0, summary);
        Console.WriteLine(summary);
    }

    [Theory]
    [InlineData("0", 0x00000000u)]
    [InlineData("-0", 0x80000000u)]
    [InlineData("1", 0x3F800000u)]
    [InlineData("0.1", 0x3DCCCCCDu)]
    [InlineData(".5", 0x3F000000u)]
    [InlineData("5.", 0x40A00000u)]
    [InlineData(" +0.25 ", 0x3E800000u)]
    [InlineData("1e-46", 0x00000000u)] // below half the smallest subnormal
    [InlineData("1.4e-45", 0x00000001u)] // smallest subnormal
    [InlineData("3.4028235e38", 0x7F7FFFFFu)] // largest finite
    [InlineData("340282356779733661637539395458142568447", 0x7F7FFFFFu)] // one below the overflow boundary 2^128 - 2^103
    [InlineData("16777217", 0x4B800000u)] // 2^24 + 1: a tie, to even (2^24)
    [InlineData("16777219", 0x4B800002u)] // 2^24 + 3: a tie, to even (2^24 + 4)
    public void KnownValues(string text, uint bits)
    {
        Assert.True(Binary32Text.TryParse(text.AsSpan(), out float value), text);
        AssertBits(BitConverter.UInt32BitsToSingle(bits), value, text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e39")]
    [InlineData("340282356779733661637539395458142568448")] // exactly 2^128 - 2^103: ties to even = overflow
    public void NotAFiniteBinary32_IsRefused(string text)
    {
        Assert.False(Binary32Text.TryParse(text.AsSpan(), out _), text);
        Assert.False(Binary32Text.TryParse(Encoding.UTF8.GetBytes(text), out _), text);
    }

    [Fact]
    public void RoundTripTexts_OfRandomBinary32_ParseBack()
    {
        var rng = CounterRng.Create(7, RngPurpose.Synthetic, 79, 0);
        for (ulong i = 0; i < 20000; i++)
        {
            float f = BitConverter.UInt32BitsToSingle((uint)rng.NextUInt64(i));
            if (!float.IsFinite(f))
            {
                continue;
            }

            foreach (string text in new[] { f.ToString("R", CultureInfo.InvariantCulture), ((double)f).ToString("R", CultureInfo.InvariantCulture), f.ToString("E12", CultureInfo.InvariantCulture) })
            {
                Assert.True(Binary32Text.TryParse(text.AsSpan(), out float parsed), text);
                AssertBits(float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), parsed, text);
            }

            Assert.True(Binary32Text.TryParse(f.ToString("R", CultureInfo.InvariantCulture).AsSpan(), out float back));
            AssertBits(f, back, "round trip");
        }
    }

    [Fact]
    public void JsonNumbers_CraftedMidpointDecimals_RoundOnce_InOnePass()
    {
        foreach (var c in Cases)
        {
            byte[] text = Encoding.ASCII.GetBytes(c.Text);
            Assert.True(Binary32Text.TryParseJsonNumber(text, out float value, out int length), c.Text);
            Assert.Equal(text.Length, length);
            AssertBits(c.Expected, value, c.Text);
        }
    }

    [Fact]
    public void JsonNumbers_RoundTripTexts_OfRandomBinary32_AgreeWithTryParse()
    {
        var rng = CounterRng.Create(8, RngPurpose.Synthetic, 79, 0);
        for (ulong i = 0; i < 20000; i++)
        {
            float f = BitConverter.UInt32BitsToSingle((uint)rng.NextUInt64(i));
            if (!float.IsFinite(f))
            {
                continue;
            }

            // Shortest round trip, binary64 round trip, 13 digits with a signed exponent, and a
            // short fixed-point form (which takes the binary32 one-operation path when it fits).
            foreach (string text in new[] { f.ToString("R", CultureInfo.InvariantCulture), ((double)f).ToString("R", CultureInfo.InvariantCulture), f.ToString("E12", CultureInfo.InvariantCulture), f.ToString("F6", CultureInfo.InvariantCulture) })
            {
                byte[] utf8 = Encoding.ASCII.GetBytes(text);
                bool finite = Binary32Text.TryParse(utf8, out float expected);
                Assert.Equal(finite, Binary32Text.TryParseJsonNumber(utf8, out float value, out int length));
                Assert.Equal(utf8.Length, length);
                if (finite)
                {
                    AssertBits(expected, value, text);
                    AssertBits(float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), value, text);
                }
            }
        }
    }

    [Theory]
    [InlineData("16777216", 0x4B800000u)] // 2^24: the largest significand of the binary32 path
    [InlineData("16777217", 0x4B800000u)] // 2^24 + 1: binary64 path, a tie, to even
    [InlineData("0.0000000001", 0x2EDBE6FFu)] // 10^-10: the binary32 path's smallest power
    [InlineData("1e10", 0x501502F9u)] // exact in binary32
    [InlineData("1e11", 0x51BA43B7u)] // 10^11 = 2^11 · 48828125: beyond the binary32 path
    [InlineData("-0", 0x80000000u)]
    [InlineData("-0.0e5", 0x80000000u)]
    [InlineData("0.1", 0x3DCCCCCDu)]
    [InlineData("1.4e-45", 0x00000001u)]
    [InlineData("12345678901234567890123e-20", 0x42F6E9E0u)] // 23 significant digits: the full parser (123.45678901…)
    public void JsonNumbers_KnownValues(string text, uint bits)
    {
        byte[] utf8 = Encoding.ASCII.GetBytes(text);
        Assert.True(Binary32Text.TryParseJsonNumber(utf8, out float value, out int length), text);
        Assert.Equal(utf8.Length, length);
        AssertBits(BitConverter.UInt32BitsToSingle(bits), value, text);
        AssertBits(float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), value, text + " (float.Parse)");
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("-", 0)]
    [InlineData(".5", 0)]
    [InlineData("+1", 0)]
    [InlineData("5.", 0)]
    [InlineData("1e", 0)]
    [InlineData("1e+", 0)]
    [InlineData("NaN", 0)]
    [InlineData("1e39", 4)] // a JSON number, not finite as binary32
    [InlineData("-1e39", 5)]
    public void JsonNumbers_NotANumberOrNotFinite_AreRefused(string text, int expectedLength)
    {
        Assert.False(Binary32Text.TryParseJsonNumber(Encoding.ASCII.GetBytes(text), out _, out int length), text);
        Assert.Equal(expectedLength, length);
    }

    [Theory]
    [InlineData("01", 1)]
    [InlineData("1x", 1)]
    [InlineData("0.5,0.25", 3)]
    [InlineData("2]", 1)]
    public void JsonNumbers_StopAtTheEndOfTheNumber(string text, int expectedLength)
    {
        Assert.True(Binary32Text.TryParseJsonNumber(Encoding.ASCII.GetBytes(text), out _, out int length), text);
        Assert.Equal(expectedLength, length);
    }

    private static void AssertBits(float expected, float actual, string what)
    {
        if (BitConverter.SingleToUInt32Bits(expected) != BitConverter.SingleToUInt32Bits(actual))
        {
            Assert.Fail($"{what}: expected 0x{BitConverter.SingleToUInt32Bits(expected):x8}, got 0x{BitConverter.SingleToUInt32Bits(actual):x8}");
        }
    }
}
