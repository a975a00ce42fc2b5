using System.Globalization;
using System.Numerics;

namespace TrustScore.TestSupport;

/// <summary>
/// Fixed-point decimal text ("-12.3400") rounded once to binary32 by exact rational arithmetic
/// (BigInteger), ties to even — the rule of docs/numerics.md §11, computed without any parser.
/// </summary>
public static class ExactDecimal
{
    /// <summary>The correctly rounded binary32 of <paramref name="text"/> (normal and subnormal results; no overflow handling).</summary>
    public static float ToBinary32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool negative = text.StartsWith('-');
        string body = negative ? text[1..] : text;
        int point = body.IndexOf('.', StringComparison.Ordinal);
        string digits = point < 0 ? body : body.Remove(point, 1);
        int scale = point < 0 ? 0 : body.Length - point - 1;
        var numerator = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var denominator = BigInteger.Pow(10, scale);
        if (numerator.IsZero)
        {
            return negative ? -0f : 0f;
        }

        // value = numerator / denominator = q · 2^e with 2^23 ≤ q < 2^24 (or e = −149 for subnormals).
        int e = (int)(numerator.GetBitLength() - denominator.GetBitLength()) - 24;
        while (true)
        {
            var (num, den) = e >= 0 ? (numerator, denominator << e) : (numerator << -e, denominator);
            var q = BigInteger.DivRem(num, den, out var rem);
            if (q >= (BigInteger.One << 24))
            {
                e++;
                continue;
            }

            if (q < (BigInteger.One << 23) && e > -149)
            {
                e--;
                continue;
            }

            int compare = (rem * 2).CompareTo(den);
            if (compare > 0 || (compare == 0 && !q.IsEven))
            {
                q += 1;
            }

            float magnitude = (float)Math.ScaleB((double)q, e);
            return negative ? -magnitude : magnitude;
        }
    }
}
