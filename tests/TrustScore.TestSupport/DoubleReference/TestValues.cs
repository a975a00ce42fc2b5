namespace TrustScore.TestSupport.DoubleReference;

/// <summary>Deterministic test inputs from a tiny xorshift generator (independent of the product's PRNG).</summary>
public static class TestValues
{
    /// <summary><paramref name="count"/> floats uniformly in [lo, hi).</summary>
    public static float[] Uniform(int count, ulong seed, float lo = -1f, float hi = 1f)
    {
        var values = new float[count];
        ulong s = seed * 0x9E3779B97F4A7C15UL | 1UL;
        for (int i = 0; i < count; i++)
        {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            values[i] = lo + ((hi - lo) * (float)((s >> 40) / 16777216.0));
        }

        return values;
    }
}
