using System.Globalization;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;

namespace TrustScore.TestSupport;

/// <summary>
/// Independent re-implementations of the inference pass of docs/numerics.md §3, each the contract
/// with one operation changed the way a plausible wrong validator changes it (docs/numerics.md
/// §9.2). Written from the spec, not from the exporter's labelling code, so the two check each other.
/// </summary>
public static class WrongVariantScorer
{
    /// <summary>The contract itself, then every named wrong variant.</summary>
    public const string Contract = "contract";

    /// <summary>
    /// The output for one conformance vector: from its binary32 features, or — for the
    /// double-rounded parsing variant, on a vector that carries decimal text — from that text
    /// parsed to binary64 and then rounded to binary32.
    /// </summary>
    public static float Score(MlpWeights m, ConformanceVector vector, string variant)
    {
        ArgumentNullException.ThrowIfNull(vector);
        float[] x = vector.Features.ToArray();
        if (variant == ConformanceVariants.DoubleRoundedTextParse && vector.FeaturesText is { } text)
        {
            for (int k = 0; k < x.Length; k++)
            {
                x[k] = (float)double.Parse(text[k], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return Score(m, x, variant);
    }

    /// <summary>The variant's output for one row of binary32 features.</summary>
    public static float Score(MlpWeights m, float[] features, string variant)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(features);
        float[] u = (float[])features.Clone();
        if (m.Normalization is { } n)
        {
            for (int k = 0; k < u.Length; k++)
            {
                float centered = u[k] - n.Offset[k];
                u[k] = centered * n.Scale[k];
            }
        }

        foreach (var layer in m.Layers)
        {
            var next = new float[layer.OutputWidth];
            for (int j = 0; j < next.Length; j++)
            {
                float[] row = layer.Weights.Slice(j * layer.InputWidth, layer.InputWidth).ToArray();
                float v = Dot(layer.Bias[j], u, row, variant);
                next[j] = layer.Activation == Activation.Relu && !(v > 0f) ? 0f : v;
            }

            u = next;
        }

        float p;
        if (variant == ConformanceVariants.Binary32Sigmoid)
        {
            float e = (float)ExpApprox.Exp(-(double)u[0]);
            float denominator = 1f + e;
            p = 1f / denominator;
        }
        else
        {
            p = ExpApprox.Sigmoid(u[0]);
        }

        return p * m.OutputScale;
    }

    private static float Dot(float bias, float[] x, float[] w, string variant)
    {
        float acc = bias;
        switch (variant)
        {
            case ConformanceVariants.Binary32MultiplyThenAdd:
                for (int k = 0; k < x.Length; k++)
                {
                    float product = x[k] * w[k];
                    acc = acc + product;
                }

                return acc;

            case ConformanceVariants.Binary64FmaThenRound:
                // What Go's float32(math.FMA(float64(a), float64(b), float64(c))) computes.
                for (int k = 0; k < x.Length; k++)
                {
                    acc = (float)Math.FusedMultiplyAdd(x[k], (double)w[k], acc);
                }

                return acc;

            case ConformanceVariants.EightPartialSums:
            {
                var lanes = new float[8];
                for (int k = 0; k < x.Length; k++)
                {
                    lanes[k & 7] = MathF.FusedMultiplyAdd(x[k], w[k], lanes[k & 7]);
                }

                for (int lane = 0; lane < 8; lane++)
                {
                    acc = acc + lanes[lane];
                }

                return acc;
            }

            case ConformanceVariants.PairwiseSum:
            {
                var products = new float[x.Length];
                for (int k = 0; k < x.Length; k++)
                {
                    products[k] = x[k] * w[k];
                }

                return acc + PairwiseSum(products, 0, products.Length);
            }

            default:
                for (int k = 0; k < x.Length; k++)
                {
                    acc = MathF.FusedMultiplyAdd(x[k], w[k], acc);
                }

                return acc;
        }
    }

    private static float PairwiseSum(float[] v, int start, int count) => count switch
    {
        0 => 0f,
        1 => v[start],
        _ => PairwiseSum(v, start, count / 2) + PairwiseSum(v, start + (count / 2), count - (count / 2)),
    };
}
