using System.Globalization;

namespace TrustScore.Consensus.Numerics;

/// <summary>
/// The one conversion from decimal text to a binary32 feature value (docs/numerics.md §11): the
/// exact decimal value rounded <b>once</b> to the nearest binary32, ties to even — what Go's
/// <c>strconv.ParseFloat(s, 32)</c> and Rust's <c>f32::from_str</c> do. Never "parse to binary64,
/// then round to binary32": that rounds twice and differs for decimals just past a binary32
/// midpoint. Every input path (dataset JSONL, scoring JSONL/CSV, serving JSON) calls this.
/// </summary>
/// <remarks>
/// Accepted text: the invariant-culture number grammar (optional surrounding white space and sign,
/// digits with an optional decimal point, optional exponent); JSON number tokens are a subset.
/// The result must be a finite binary32: text that overflows binary32, NaN or infinity symbols
/// return false. Underflow rounds to a subnormal or zero, as the rule says.
/// </remarks>
public static class Binary32Text
{
    // The fast path's exact range (Clinger): a significand of at most 2^53 and a decimal exponent
    // within ±22 give the correctly rounded binary64 with one IEEE multiplication or division.
    private const ulong MaxExactSignificand = 1UL << 53;
    private const int MaxExactPowerOfTen = 22;
    private const int MaxStackChars = 128;

    // The binary32 form of the same path: a significand of at most 2^24 and 10^k for k ≤ 10
    // (5^10 < 2^24) are both exact binary32 values.
    private const ulong MaxExactSignificand32 = 1UL << 24;
    private const int MaxExactPowerOfTen32 = 10;

    private static readonly float[] PowersOfTen32 = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses UTF-8 decimal text to the correctly rounded binary32; false when it is not a number or not finite as binary32.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out float value)
    {
        if (TryFast(utf8, out value))
        {
            return true;
        }

        // .NET's binary32 parser rounds the exact decimal once (tested against exact rational
        // arithmetic in Binary32TextTests); overflow gives ±infinity, refused below.
        return float.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
    }

    /// <summary>Parses UTF-16 decimal text; same rule and result as the UTF-8 overload.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out float value)
    {
        if (text.Length <= MaxStackChars)
        {
            Span<byte> ascii = stackalloc byte[text.Length];
            bool isAscii = true;
            for (int i = 0; i < text.Length && isAscii; i++)
            {
                isAscii = text[i] < 0x80;
                ascii[i] = (byte)text[i];
            }

            if (isAscii)
            {
                return TryParse(ascii, out value);
            }
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
    }

    /// <summary>
    /// Parses the JSON number (RFC 8259: <c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>) at
    /// the start of <paramref name="utf8"/> to the correctly rounded binary32, in one pass over its
    /// bytes — the same value <see cref="TryParse(ReadOnlySpan{byte}, out float)"/> gives for that
    /// text. <paramref name="length"/> is how many bytes the number spans; what follows it is not
    /// looked at (a JSON reader checks that a delimiter comes next: "01" reads as "0" here).
    /// False when no JSON number starts there (length 0), when its fraction or exponent has no
    /// digits, or when it is not finite as binary32 (length then spans the number).
    /// </summary>
    public static bool TryParseJsonNumber(ReadOnlySpan<byte> utf8, out float value, out int length)
    {
        value = 0;
        length = 0;
        int i = 0;
        bool negative = false;
        if (i < utf8.Length && utf8[i] == '-')
        {
            negative = true;
            i++;
        }

        ulong significand = 0;
        int significant = 0;
        int exponent = 0;
        bool fits = true; // false once the significand has more than 19 significant digits
        if (i < utf8.Length && utf8[i] == '0')
        {
            i++;
        }
        else if (i < utf8.Length && IsDigit(utf8[i]))
        {
            for (; i < utf8.Length && IsDigit(utf8[i]); i++)
            {
                fits = fits && Accumulate(ref significand, ref significant, utf8[i]); // past 19 digits the full parser below decides
            }
        }
        else
        {
            return false;
        }

        if (i < utf8.Length && utf8[i] == '.')
        {
            int fraction = ++i;
            for (; i < utf8.Length && IsDigit(utf8[i]); i++)
            {
                if (fits)
                {
                    fits = Accumulate(ref significand, ref significant, utf8[i]);
                    exponent--;
                }
            }

            if (i == fraction)
            {
                return false;
            }
        }

        if (i < utf8.Length && (utf8[i] == 'e' || utf8[i] == 'E'))
        {
            i++;
            bool negativeExponent = false;
            if (i < utf8.Length && (utf8[i] == '+' || utf8[i] == '-'))
            {
                negativeExponent = utf8[i] == '-';
                i++;
            }

            int digits = i;
            int e = 0;
            for (; i < utf8.Length && IsDigit(utf8[i]); i++)
            {
                e = e > 100_000 ? e : (e * 10) + (utf8[i] - '0'); // far beyond any finite binary32 either way
            }

            if (i == digits)
            {
                return false;
            }

            exponent += negativeExponent ? -e : e;
        }

        length = i;
        if (fits && TryRoundOnce(significand, exponent, negative, out value))
        {
            return true;
        }

        return float.TryParse(utf8[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
    }

    /// <summary>
    /// The common case, provably equal to one correct rounding: a plain decimal
    /// <c>-?digits[.digits][e±digits]</c> whose significand and exponent <see cref="TryRoundOnce"/> takes.
    /// </summary>
    private static bool TryFast(ReadOnlySpan<byte> token, out float value)
    {
        value = 0;
        return TryScanPlain(token, out ulong significand, out int exponent, out bool negative) && TryRoundOnce(significand, exponent, negative, out value);
    }

    /// <summary>
    /// The binary32 nearest to ±significand·10^exponent when it can be had exactly with one IEEE
    /// operation; false otherwise (the full parser decides).
    /// <list type="bullet">
    /// <item>Significand ≤ 2^24 and |exponent| ≤ 10: both the significand and 10^|exponent|
    /// (5^10 &lt; 2^24) are binary32 numbers, so one binary32 multiplication or division is the
    /// correct rounding of the exact value (Clinger's fast path in binary32).</item>
    /// <item>Significand ≤ 2^53 and |exponent| ≤ 22: one binary64 operation gives the correctly
    /// rounded binary64 d. Rounding d to binary32 is then the correct rounding of the decimal x
    /// unless d sits exactly on a binary32 rounding boundary: every boundary (the midpoint of two
    /// adjacent binary32 values, subnormals included) is a binary64 value, so when d is not one,
    /// x and d lie strictly on the same side of every boundary (rounding is monotone) and round to
    /// the same binary32. On a boundary, or at overflow, it declines.</item>
    /// </list>
    /// </summary>
    private static bool TryRoundOnce(ulong significand, int exponent, bool negative, out float value)
    {
        value = 0;
        if (significand <= MaxExactSignificand32 && exponent >= -MaxExactPowerOfTen32 && exponent <= MaxExactPowerOfTen32)
        {
            float exact = significand; // exact: at most 2^24
            float rounded = exponent >= 0 ? exact * PowersOfTen32[exponent] : exact / PowersOfTen32[-exponent];
            value = negative ? -rounded : rounded;
            return true;
        }

        if (significand > MaxExactSignificand || exponent < -MaxExactPowerOfTen || exponent > MaxExactPowerOfTen)
        {
            return false;
        }

        double d = exponent >= 0 ? significand * PowersOfTen[exponent] : significand / PowersOfTen[-exponent];
        float f = (float)d;
        if (!float.IsFinite(f))
        {
            return false;
        }

        if ((double)f != d)
        {
            float other = d > f ? MathF.BitIncrement(f) : MathF.BitDecrement(f);
            // Two adjacent binary32 values sum exactly in binary64, and halving is exact.
            if (float.IsFinite(other) && (((double)f + other) * 0.5) == d)
            {
                return false;
            }
        }

        value = negative ? -f : f;
        return true;
    }

    /// <summary>The significand, decimal exponent and sign of a plain decimal of at most 19 significant digits, or false.</summary>
    private static bool TryScanPlain(ReadOnlySpan<byte> token, out ulong significand, out int exponent, out bool negative)
    {
        significand = 0;
        exponent = 0;
        negative = false;
        int i = 0;
        if (i < token.Length && token[i] == '-')
        {
            negative = true;
            i++;
        }

        int significant = 0;
        int mantissaDigits = 0;
        for (; i < token.Length && IsDigit(token[i]); i++)
        {
            mantissaDigits++;
            if (!Accumulate(ref significand, ref significant, token[i]))
            {
                return false;
            }
        }

        if (i < token.Length && token[i] == '.')
        {
            for (i++; i < token.Length && IsDigit(token[i]); i++)
            {
                mantissaDigits++;
                if (!Accumulate(ref significand, ref significant, token[i]))
                {
                    return false;
                }

                exponent--;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < token.Length && (token[i] == 'e' || token[i] == 'E'))
        {
            i++;
            bool negativeExponent = false;
            if (i < token.Length && (token[i] == '+' || token[i] == '-'))
            {
                negativeExponent = token[i] == '-';
                i++;
            }

            int e = 0;
            int exponentDigits = 0;
            for (; i < token.Length && IsDigit(token[i]); i++, exponentDigits++)
            {
                if (e > 1000)
                {
                    return false;
                }

                e = (e * 10) + (token[i] - '0');
            }

            if (exponentDigits == 0)
            {
                return false;
            }

            exponent += negativeExponent ? -e : e;
        }

        return i == token.Length;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>Adds one digit; leading zeros do not count towards the 19-digit limit.</summary>
    private static bool Accumulate(ref ulong significand, ref int significant, byte digit)
    {
        if (significand == 0 && digit == '0')
        {
            return true;
        }

        if (++significant > 19)
        {
            return false;
        }

        significand = (significand * 10) + (ulong)(digit - '0');
        return true;
    }
}
