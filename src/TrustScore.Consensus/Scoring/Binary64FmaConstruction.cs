using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Scoring;

/// <summary>
/// Constructs an input row on which "binary64 multiply-add, rounded once to binary32"
/// (<see cref="ConformanceVariants.Binary64FmaThenRound"/>) gives other output bits than the
/// contract's fused binary32 multiply-add (docs/numerics.md §9.2). The two differ only when the
/// exact sum lies within half a binary64 ulp of a binary32 rounding midpoint without being on it,
/// so random rows never find it; this chooses one first-layer output j and the inputs feeding it:
/// <list type="number">
/// <item>a lever: inputs k &lt; D − 32 along row j of the weights, scaled by α so that the model's
/// output lies where a change of z by one ulp shows (y near 1, z near −4.6), giving a large,
/// exactly known accumulator A for output j; the last 32 inputs contribute exact zeros;</item>
/// <item>a trigger: one of the last 32 inputs k2 set so that u·W[j,k2] = (odd)·½ulp(A) + δ,
/// 0 &lt; |δ| &lt; 2^−29·½ulp(A): the significands multiply to c·2^i + r with c odd and
/// 0 &lt; |r| &lt; 2^(i−29), found by integer arithmetic; binary64 rounds A + u·W onto the
/// midpoint, the second rounding goes to even, the fused one does not.</item>
/// </list>
/// Every candidate is checked with the variant's whole forward pass; the first whose output bits
/// differ is returned. Deterministic: fixed order, a fixed number of candidates, no clock.
/// </summary>
internal static class Binary64FmaConstruction
{
    private const int TriggerInputs = 32;
    private const int MaxOutputsTried = 48;

    /// <summary>The row, or null when no candidate within <paramref name="maxCandidates"/> reached the output bits.</summary>
    public static float[]? Find(Scorer scorer, int maxCandidates)
    {
        var m = scorer.Weights;
        var layer = m.Layers[0];
        int d = layer.InputWidth;
        if (d <= TriggerInputs)
        {
            return null;
        }

        int leverEnd = d - TriggerInputs;
        var w = layer.Weights;
        var b = layer.Bias;
        int candidates = 0;
        var row = new float[d];
        for (int j = 0; j < Math.Min(layer.OutputWidth, MaxOutputsTried) && candidates < maxCandidates; j++)
        {
            var wj = w.Slice(j * d, d);
            double norm2 = 0;
            for (int k = 0; k < leverEnd; k++)
            {
                norm2 += (double)wj[k] * wj[k];
            }

            if (norm2 == 0 || !double.IsFinite(norm2))
            {
                continue;
            }

            foreach (double alpha in LeverScales(scorer, wj, leverEnd, norm2, row))
            {
                Lever(m, wj, leverEnd, alpha, row);
                float a = Accumulate(m, wj, b[j], row);
                if (!float.IsNormal(a) || (layer.Activation == Activation.Relu && m.Layers.Count > 1 && a <= 0f))
                {
                    continue;
                }

                for (int k2 = d - 1; k2 >= leverEnd && candidates < maxCandidates; k2--)
                {
                    foreach (float u2 in Triggers(a, wj[k2]))
                    {
                        float? x2 = InputFor(m, k2, u2);
                        if (x2 is null)
                        {
                            continue;
                        }

                        row[k2] = x2.Value;
                        candidates++;
                        float contract = scorer.Score(row);
                        float variant = VariantForward.Score(m, row, ConformanceVariants.Binary64FmaThenRound);
                        if (BitConverter.SingleToUInt32Bits(contract) != BitConverter.SingleToUInt32Bits(variant))
                        {
                            return row.ToArray();
                        }

                        row[k2] = Zero(m, k2);
                        if (candidates >= maxCandidates)
                        {
                            break;
                        }
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Up to three lever scales α (tried in this order) whose rows score closest to 1 (in log) among
    /// those scoring in [0.01, 30], from α = ±2^(e/2) / |W_j|², e = −12 … 28.
    /// </summary>
    private static List<double> LeverScales(Scorer scorer, ReadOnlySpan<float> wj, int leverEnd, double norm2, float[] row)
    {
        var found = new List<(double Alpha, double Distance)>();
        foreach (double sign in (ReadOnlySpan<double>)[1.0, -1.0])
        {
            for (int e = -12; e <= 28; e++)
            {
                double alpha = sign * HalfPowerOfTwo(e) / norm2;
                Lever(scorer.Weights, wj, leverEnd, alpha, row);
                float y = scorer.Score(row);
                if (y >= 0.01f && y <= 30f)
                {
                    found.Add((alpha, Math.Abs(ExpApprox.Ln(y))));
                }
            }
        }

        return found.OrderBy(f => f.Distance).ThenBy(f => f.Alpha).Take(3).Select(f => f.Alpha).ToList();
    }

    /// <summary>2^(e/2) exactly for even e; for odd e the binary64 √2 times 2^((e−1)/2) (a fixed literal, no libm).</summary>
    private static double HalfPowerOfTwo(int e) =>
        (e & 1) == 0 ? Math.ScaleB(1.0, e / 2) : Math.ScaleB(1.4142135623730951, (e - 1) / 2);

    /// <summary>row = inputs giving u[k] ≈ α·W[j,k] for k &lt; leverEnd, exact zeros (x = offset) after.</summary>
    private static void Lever(MlpWeights m, ReadOnlySpan<float> wj, int leverEnd, double alpha, float[] row)
    {
        for (int k = 0; k < row.Length; k++)
        {
            if (k >= leverEnd)
            {
                row[k] = Zero(m, k);
                continue;
            }

            double u = alpha * wj[k];
            if (m.Normalization is { } n)
            {
                float scale = n.Scale[k];
                row[k] = scale == 0f ? n.Offset[k] : (float)(n.Offset[k] + (u / scale));
            }
            else
            {
                row[k] = (float)u;
            }

            if (!float.IsFinite(row[k]))
            {
                row[k] = Zero(m, k);
            }
        }
    }

    /// <summary>The input whose normalised value is exactly zero.</summary>
    private static float Zero(MlpWeights m, int k) => m.Normalization is { } n ? n.Offset[k] : 0f;

    /// <summary>The normalised value of input k (docs/numerics.md §3.1).</summary>
    private static float Normalised(MlpWeights m, int k, float x)
    {
        if (m.Normalization is not { } n)
        {
            return x;
        }

        float t = x - n.Offset[k];
        return t * n.Scale[k];
    }

    /// <summary>Output j's accumulator in the contract's order (docs/numerics.md §3.2).</summary>
    private static float Accumulate(MlpWeights m, ReadOnlySpan<float> wj, float bias, float[] row)
    {
        float acc = bias;
        for (int k = 0; k < row.Length; k++)
        {
            acc = NumericsContract.MulAdd(Normalised(m, k, row[k]), wj[k], acc);
        }

        return acc;
    }

    /// <summary>An input x with normalised value exactly <paramref name="u"/>, searched near the inverse; null when none is close.</summary>
    private static float? InputFor(MlpWeights m, int k, float u)
    {
        if (m.Normalization is not { } n)
        {
            return u;
        }

        float scale = n.Scale[k];
        if (scale == 0f)
        {
            return null;
        }

        float t0 = (float)((double)u / scale);
        for (int dt = -3; dt <= 3; dt++)
        {
            float t = Step(t0, dt);
            float x0 = (float)((double)t + n.Offset[k]);
            for (int dx = -3; dx <= 3; dx++)
            {
                float x = Step(x0, dx);
                if (float.IsFinite(x) && BitConverter.SingleToUInt32Bits(Normalised(m, k, x)) == BitConverter.SingleToUInt32Bits(u))
                {
                    return x;
                }
            }
        }

        return null;
    }

    private static float Step(float v, int steps)
    {
        for (; steps > 0; steps--)
        {
            v = MathF.BitIncrement(v);
        }

        for (; steps < 0; steps++)
        {
            v = MathF.BitDecrement(v);
        }

        return v;
    }

    /// <summary>
    /// Values u (both signs) with fma(u, w, a) ≠ f32(f64(u)·f64(w) + f64(a)), from significand
    /// products u·w = c·2^i + r (c odd, 0 &lt; |r| &lt; 2^(i−29), i from 47 down to 34) aligned so
    /// that 2^i is half an ulp of a. At most 8.
    /// </summary>
    private static List<float> Triggers(float a, float w)
    {
        var result = new List<float>();
        if (!float.IsNormal(w))
        {
            return result;
        }

        uint wBits = BitConverter.SingleToUInt32Bits(w);
        long wSig = (wBits & 0x7FFFFF) | 0x800000;
        int wExp = (int)((wBits >> 23) & 0xFF) - 150; // |w| = wSig · 2^wExp
        uint aBits = BitConverter.SingleToUInt32Bits(a);
        int ulpExp = (int)((aBits >> 23) & 0xFF) - 150; // ulp(a) = 2^ulpExp
        for (int i = 47; i >= 34 && result.Count < 8; i--)
        {
            long limit = 1L << (i - 29);
            long cMax = ((1L << 24) - 1) * wSig >> i;
            for (long c = 1; c <= cMax && result.Count < 8; c += 2)
            {
                long target = c << i;
                long uSig = (target + (wSig / 2)) / wSig;
                long r = (uSig * wSig) - target;
                if (uSig < 1 || uSig >= 1L << 24 || r == 0 || Math.Abs(r) >= limit)
                {
                    continue;
                }

                // |u·w| = uSig·wSig·2^(uExp + wExp) with 2^(i + uExp + wExp) = ½ulp(a).
                int uExp = ulpExp - 1 - i - wExp;
                double magnitude = Math.ScaleB(uSig, uExp);
                float u = (float)magnitude;
                if (!float.IsNormal(u) || u != magnitude)
                {
                    continue;
                }

                foreach (float candidate in (ReadOnlySpan<float>)[u, -u])
                {
                    float fused = NumericsContract.MulAdd(candidate, w, a);
                    float twice = (float)(((double)candidate * w) + a);
                    if (BitConverter.SingleToUInt32Bits(fused) != BitConverter.SingleToUInt32Bits(twice))
                    {
                        result.Add(candidate);
                    }
                }
            }
        }

        return result;
    }
}
