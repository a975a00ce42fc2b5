using System.Globalization;
using System.Numerics;
using System.Text;
using TrustScore.Consensus.Numerics;

namespace TrustScore.TestSupport;

/// <summary>
/// Decimal texts that lie on, or a hair past, the midpoint of two adjacent binary32 values, with
/// the correctly rounded binary32 derived by exact rational arithmetic (BigInteger), never by a
/// parser. "Just past" is closer to the midpoint than half a binary64 ulp, so parsing to binary64
/// lands exactly on the midpoint and the second rounding (ties to even) picks the wrong
/// neighbour: <see cref="Kind.Above"/> and <see cref="Kind.Below"/> cases are exactly those where
/// "parse binary64, then round to binary32" differs from one correct rounding.
/// </summary>
public static class CraftedDecimals
{
    /// <summary>Where the text lies relative to the midpoint.</summary>
    public enum Kind
    {
        /// <summary>Just above a midpoint whose lower neighbour is even: correct = upper.</summary>
        Above,

        /// <summary>Just below a midpoint whose upper neighbour is even: correct = lower.</summary>
        Below,

        /// <summary>Exactly the midpoint: correct = the even neighbour.</summary>
        Exact,
    }

    /// <summary>One crafted decimal and its correctly rounded binary32.</summary>
    public sealed record Case(string Text, float Expected, Kind Kind);

    /// <summary>
    /// <paramref name="count"/> cases near binary32 values drawn from <paramref name="around"/>
    /// (positive, finite, not the largest binary32); text forms vary (fixed point, integer with
    /// exponent, scientific), all valid JSON numbers. Deterministic in <paramref name="seed"/>.
    /// </summary>
    public static List<Case> Generate(int count, ulong seed, Func<ulong, float> around)
    {
        var rng = CounterRng.Create(seed, RngPurpose.Synthetic, 77, 0);
        var cases = new List<Case>(count);
        for (int i = 0; i < count; i++)
        {
            ulong r = rng.NextUInt64((ulong)i);
            var kind = i % 5 == 4 ? Kind.Exact : (r & 1) == 0 ? Kind.Above : Kind.Below;
            float start = around((ulong)i);
            uint bits = BitConverter.SingleToUInt32Bits(start);
            // Above: the lower neighbour must be even; Below: the upper one must be even.
            bool lowerEven = kind != Kind.Below;
            if (((bits & 1) == 0) != lowerEven)
            {
                bits++;
            }

            float lower = BitConverter.UInt32BitsToSingle(bits);
            float upper = BitConverter.UInt32BitsToSingle(bits + 1);
            float expected = kind switch
            {
                Kind.Above => upper,
                Kind.Below => lower,
                _ => (bits & 1) == 0 ? lower : upper,
            };
            int extra = 17 + (int)((r >> 16) % 6);
            var (numerator, scale) = Midpoint(bits, extra);
            numerator += kind switch { Kind.Above => BigInteger.One, Kind.Below => BigInteger.MinusOne, _ => BigInteger.Zero };
            bool negative = ((r >> 24) & 1) == 1;
            string text = Format(numerator, scale, (int)((r >> 32) % 3));
            cases.Add(new Case(negative ? "-" + text : text, negative ? -expected : expected, kind));
        }

        return cases;
    }

    /// <summary>Positive binary32 values spread over the feature range [2^-20, 1) and some beyond (subnormal to 2^40).</summary>
    public static float Spread(ulong seed, ulong i)
    {
        var rng = CounterRng.Create(seed, RngPurpose.Synthetic, 78, 0);
        ulong r = rng.NextUInt64(i);
        int exponent = (i % 8) switch
        {
            0 => 1 + (int)((r >> 32) % 20),             // subnormal binary32 (biased exponent 0), below
            1 => 127 + (int)((r >> 32) % 40),            // 1 .. 2^40
            _ => 107 + (int)((r >> 32) % 20),            // 2^-20 .. 1, the feature range
        };
        uint bits = (i % 8) == 0 ? (uint)(r & 0x7FFFFF) | 1u : ((uint)exponent << 23) | (uint)(r & 0x7FFFFF);
        return BitConverter.UInt32BitsToSingle(bits);
    }

    /// <summary>
    /// The midpoint of binary32 <paramref name="bits"/> and its successor as numerator / 10^scale,
    /// with <paramref name="extraDigits"/> more digits than its exact expansion needs (so ±1 in
    /// the last digit stays far below half a binary64 ulp of the midpoint).
    /// </summary>
    private static (BigInteger Numerator, int Scale) Midpoint(uint bits, int extraDigits)
    {
        int biased = (int)((bits >> 23) & 0xFF);
        BigInteger significand = bits & 0x7FFFFF;
        int exponent;
        if (biased == 0)
        {
            exponent = -149;
        }
        else
        {
            significand += 1 << 23;
            exponent = biased - 150;
        }

        // value = significand · 2^exponent; midpoint = (2·significand + 1) · 2^(exponent − 1).
        BigInteger m = (2 * significand) + 1;
        int e2 = exponent - 1;
        BigInteger numerator;
        int scale;
        if (e2 >= 0)
        {
            numerator = m << e2;
            scale = 0;
        }
        else
        {
            numerator = m * BigInteger.Pow(5, -e2); // m / 2^k = m·5^k / 10^k
            scale = -e2;
        }

        return (numerator * BigInteger.Pow(10, extraDigits), scale + extraDigits);
    }

    /// <summary>numerator · 10^-scale as text: 0 fixed point, 1 integer + exponent, 2 scientific.</summary>
    private static string Format(BigInteger numerator, int scale, int form)
    {
        string digits = numerator.ToString(CultureInfo.InvariantCulture);
        switch (form)
        {
            case 1:
                return $"{digits}e-{scale}";
            case 2:
                int exponent = digits.Length - 1 - scale;
                string tail = digits[1..].TrimEnd('0');
                return $"{digits[0]}{(tail.Length > 0 ? "." + tail : string.Empty)}E{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent)}";
            default:
                var sb = new StringBuilder();
                if (digits.Length <= scale)
                {
                    sb.Append("0.").Append('0', scale - digits.Length).Append(digits);
                }
                else
                {
                    sb.Append(digits, 0, digits.Length - scale);
                    if (scale > 0)
                    {
                        sb.Append('.').Append(digits, digits.Length - scale, scale);
                    }
                }

                return sb.ToString();
        }
    }
}
