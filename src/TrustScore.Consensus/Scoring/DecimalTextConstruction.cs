using System.Globalization;
using System.Numerics;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Scoring;

/// <summary>
/// Builds rows whose features are given as decimal text that a double-rounding parser
/// (<see cref="ConformanceVariants.DoubleRoundedTextParse"/>: text → binary64 → binary32) reads as
/// other bits than one correct rounding (docs/numerics.md §9.2, §11). Each feature is a binary32 x
/// with an odd significand; its text is the exact midpoint between x and a neighbour, moved towards
/// x by one unit in the last of at least 21 significant digits — far less than half a binary64 ulp,
/// so binary64 lands exactly on the midpoint and ties to the even neighbour, while the correct
/// rounding gives x. Exact rational arithmetic (<see cref="BigInteger"/>) throughout; no parser.
/// </summary>
internal static class DecimalTextConstruction
{
    /// <summary>Numerators of at least this many digits move the midpoint by under 10^−20 relative (half a binary64 ulp is at least 2^−54 ≈ 5.6·10^−17).</summary>
    private static readonly BigInteger MinNumerator = BigInteger.Pow(10, 20);

    /// <summary>
    /// Row <paramref name="index"/>: features, their texts, and the features a double-rounding parser gets.
    /// Magnitudes f32(0.25 + f32(1.75·Uniform)) with the last significand bit set, sign from the next
    /// uniform (negative below ½); even k: text just above the midpoint below x, odd k: just below the midpoint above x.
    /// </summary>
    public static (float[] Features, string[] Text, float[] DoubleRounded) Row(int d, ulong seed, ulong index)
    {
        var rng = CounterRng.Create(seed, RngPurpose.Conformance, TextStream, index);
        var features = new float[d];
        var text = new string[d];
        var twice = new float[d];
        for (int k = 0; k < d; k++)
        {
            float magnitude = 0.25f + (1.75f * rng.Uniform((ulong)(2 * k)));
            bool negative = rng.Uniform((ulong)((2 * k) + 1)) < 0.5f;
            uint bits = BitConverter.SingleToUInt32Bits(magnitude) | 1u;
            bool fromBelow = k % 2 == 0;
            uint neighbour = fromBelow ? bits - 1 : bits + 1;
            string digits = PastMidpoint(bits, neighbour);
            float x = BitConverter.UInt32BitsToSingle(bits);
            float wrong = BitConverter.UInt32BitsToSingle(neighbour);
            features[k] = negative ? -x : x;
            twice[k] = negative ? -wrong : wrong;
            text[k] = negative ? "-" + digits : digits;
        }

        return (features, text, twice);
    }

    /// <summary>The stream index ("text") of the generator, apart from the standard rows' stream.</summary>
    internal const ulong TextStream = 0x74657874;

    /// <summary>Decimal text of the midpoint of two adjacent positive binary32 values, moved one last-digit unit towards <paramref name="target"/>.</summary>
    private static string PastMidpoint(uint target, uint neighbour)
    {
        var (tn, te) = Exact(target);
        var (nn, ne) = Exact(neighbour);
        int low = Math.Min(te, ne);
        BigInteger sum = (tn << (te - low)) + (nn << (ne - low)); // midpoint = sum · 2^(low − 1)
        int exponent = low - 1;
        BigInteger numerator;
        int scale; // value = numerator / 10^scale
        if (exponent >= 0)
        {
            numerator = sum << exponent;
            scale = 0;
        }
        else
        {
            numerator = sum * BigInteger.Pow(5, -exponent);
            scale = -exponent;
        }

        while (numerator < MinNumerator)
        {
            numerator *= 10;
            scale++;
        }

        numerator += target > neighbour ? BigInteger.One : BigInteger.MinusOne;
        string digits = numerator.ToString(CultureInfo.InvariantCulture);
        if (scale == 0)
        {
            return digits;
        }

        digits = digits.PadLeft(scale + 1, '0');
        return digits[..^scale] + "." + digits[^scale..];
    }

    /// <summary>A positive finite binary32 as n · 2^e exactly.</summary>
    private static (BigInteger N, int E) Exact(uint bits)
    {
        int biased = (int)((bits >> 23) & 0xFF);
        uint fraction = bits & 0x7FFFFF;
        return biased == 0 ? (fraction, -149) : (fraction | 0x800000u, biased - 150);
    }
}
