namespace TrustScore.Serving;

/// <summary>
/// Fast, exact conversion of a JSON number token to binary64 for the common case (Clinger's fast
/// path): when the decimal significand has at most 19 digits and is at most 2^53, and the decimal
/// exponent is within ±22, both the significand and 10^|e| are exact doubles, so one IEEE
/// multiplication or division gives the correctly rounded result — the same double
/// <see cref="System.Text.Json.Utf8JsonReader.TryGetDouble"/> returns. Anything else returns
/// false and the caller uses the general parser. Parsing 768 numbers per row is most of the
/// service's cost above the scorer, which is why this exists.
/// </summary>
internal static class JsonNumber
{
    private const ulong MaxExactSignificand = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Converts a JSON number token (already validated by the reader) when the fast path is exact.</summary>
    public static bool TryParseExact(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (i < token.Length && token[i] == '-')
        {
            negative = true;
            i++;
        }

        ulong significand = 0;
        int digits = 0;
        int exponent = 0;
        for (; i < token.Length && IsDigit(token[i]); i++)
        {
            if (!Accumulate(ref significand, ref digits, token[i]))
            {
                return false;
            }
        }

        if (i < token.Length && token[i] == '.')
        {
            for (i++; i < token.Length && IsDigit(token[i]); i++)
            {
                if (!Accumulate(ref significand, ref digits, token[i]))
                {
                    return false;
                }

                exponent--;
            }
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
            for (; i < token.Length && IsDigit(token[i]); i++)
            {
                if (e > 1000)
                {
                    return false;
                }

                e = (e * 10) + (token[i] - '0');
            }

            exponent += negativeExponent ? -e : e;
        }

        if (i != token.Length || significand > MaxExactSignificand || exponent < -22 || exponent > 22)
        {
            return false;
        }

        double magnitude = exponent >= 0 ? significand * PowersOfTen[exponent] : significand / PowersOfTen[-exponent];
        if (exponent > 0 && significand != 0 && !double.IsFinite(magnitude))
        {
            return false;
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>Adds one digit; leading zeros do not count towards the 19-digit limit.</summary>
    private static bool Accumulate(ref ulong significand, ref int digits, byte digit)
    {
        if (significand == 0 && digit == '0')
        {
            return true;
        }

        if (++digits > 19)
        {
            return false;
        }

        significand = (significand * 10) + (ulong)(digit - '0');
        return true;
    }
}
