using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TrustScore.Consensus.Numerics;

/// <summary>
/// The owned, counter-based random generator (docs/numerics.md §5).
/// A stream is keyed by (seed, purpose, a, b); value number <c>c</c> of a stream is a pure function
/// of the key and <c>c</c>, so results never depend on call order, threads or the .NET version.
/// </summary>
/// <remarks>
/// Algorithm (reproduce it elsewhere with 64-bit unsigned wrap-around arithmetic):
/// <code>
/// mix64(z): z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31
/// key = 0x243F6A8885A308D3; for w in (seed, purpose, a, b): key = mix64(key ^ w)
/// NextUInt64(c) = mix64(key + 0x9E3779B97F4A7C15 * (c + 1))   // = output c of SplitMix64 started at key
/// </code>
/// Worked example (seed 42, WeightInit, a = b = 0) is in docs/numerics.md and in CounterRngTests.
/// </remarks>
public readonly struct CounterRng
{
    /// <summary>Initial key word (the first 64 fraction bits of π).</summary>
    private const ulong KeyInit = 0x243F6A8885A308D3UL;

    /// <summary>SplitMix64 increment (the golden ratio in 64-bit fixed point).</summary>
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Largest counter accepted by <see cref="Normal"/> (its draws use counter·256 + t).</summary>
    public const ulong MaxNormalCounter = (1UL << 56) - 1;

    private CounterRng(ulong key) => Key = key;

    /// <summary>The derived 64-bit stream key.</summary>
    public ulong Key { get; }

    /// <summary>Creates the stream keyed by (seed, purpose, a, b); a and b are free indices (e.g. epoch, layer).</summary>
    public static CounterRng Create(ulong seed, RngPurpose purpose, ulong a = 0, ulong b = 0)
    {
        ulong key = KeyInit;
        key = Mix64(key ^ seed);
        key = Mix64(key ^ (ulong)purpose);
        key = Mix64(key ^ a);
        key = Mix64(key ^ b);
        return new CounterRng(key);
    }

    /// <summary>The SplitMix64 finaliser (Stafford variant 13), a bijection on 64-bit words.</summary>
    public static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Value number <paramref name="counter"/> of this stream: mix64(key + γ·(counter + 1)).</summary>
    public ulong NextUInt64(ulong counter) => Mix64(unchecked(Key + (Gamma * (counter + 1))));

    /// <summary>Uniform in [0, 1) with 24 random bits: (NextUInt64(c) &gt;&gt; 40) · 2^−24 (exact).</summary>
    public float Uniform(ulong counter) => (NextUInt64(counter) >> 40) * (1.0f / 16777216.0f);

    /// <summary>
    /// destination[c] = <see cref="Uniform"/>(c) for c = 0 … length − 1. Integer arithmetic and
    /// exact conversions only, so the 16-lane path (taken where the CPU multiplies 64-bit lanes
    /// natively, AVX-512 DQ) gives the scalar path's bits.
    /// </summary>
    internal void FillUniform(Span<float> destination)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported)
        {
            // state(c) = key + γ·(c + 1), advanced by 16γ per block of 16 counters (wrap-around).
            var state0 = Vector512.Create(Key) + (Vector512.Create(Gamma) * Vector512.Create(1UL, 2, 3, 4, 5, 6, 7, 8));
            var state1 = state0 + Vector512.Create(unchecked(Gamma * 8));
            var step = Vector512.Create(unchecked(Gamma * 16));
            var unit = Vector512.Create(1.0f / 16777216.0f);
            for (; c + 16 <= destination.Length; c += 16)
            {
                var bits = Vector512.Narrow(Mix64(state0) >> 40, Mix64(state1) >> 40);
                (Vector512.ConvertToSingle(bits) * unit).CopyTo(destination.Slice(c, 16));
                state0 += step;
                state1 += step;
            }
        }

        for (; c < destination.Length; c++)
        {
            destination[c] = Uniform((ulong)c);
        }
    }

    private static Vector512<ulong> Mix64(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits: (NextUInt64(c) &gt;&gt; 11) · 2^−53 (exact).</summary>
    public double UniformDouble(ulong counter) => (NextUInt64(counter) >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>
    /// A standard normal deviate by Marsaglia's polar method with owned arithmetic only. Attempt
    /// t = 0, 1, …, 127 draws u = 2·U(256c + 2t) − 1 and v = 2·U(256c + 2t + 1) − 1 (U =
    /// <see cref="UniformDouble"/>), s = fma(u, u, v·v); the first attempt with 0 &lt; s &lt; 1 returns
    /// u · sqrt((−2 · ln s) / s) with <see cref="ExpApprox.Ln"/> and IEEE square root. If all 128
    /// attempts are rejected (probability below 10^−85) the result is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="counter"/> exceeds <see cref="MaxNormalCounter"/>.</exception>
    public double Normal(ulong counter)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(counter, MaxNormalCounter);
        ulong baseCounter = counter << 8;
        for (ulong t = 0; t < 128; t++)
        {
            double u = (2.0 * UniformDouble(baseCounter + (2 * t))) - 1.0;
            double v = (2.0 * UniformDouble(baseCounter + (2 * t) + 1)) - 1.0;
            double s = NumericsContract.MulAdd(u, u, v * v);
            if (s > 0.0 && s < 1.0)
            {
                return u * Math.Sqrt((-2.0 * ExpApprox.Ln(s)) / s);
            }
        }

        return 0.0;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (length n) with a permutation of 0..n−1 by Fisher–Yates:
    /// start from the identity; for i = n−1 down to 1, j = high 64 bits of NextUInt64(n−1−i)·(i+1)
    /// (a 128-bit product), swap destination[i] and destination[j].
    /// </summary>
    public void Permutation(Span<int> destination)
    {
        int n = destination.Length;
        for (int i = 0; i < n; i++)
        {
            destination[i] = i;
        }

        for (int i = n - 1; i >= 1; i--)
        {
            ulong r = NextUInt64((ulong)(n - 1 - i));
            int j = (int)Math.BigMul(r, (ulong)(i + 1), out _);
            (destination[i], destination[j]) = (destination[j], destination[i]);
        }
    }
}
