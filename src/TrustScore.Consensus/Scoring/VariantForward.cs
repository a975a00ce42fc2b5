using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Scoring;

/// <summary>
/// The inference pass of docs/numerics.md §3 with one operation changed as a named wrong variant
/// (<see cref="ConformanceVariants"/>) does it. Used only at export, to seal which vectors catch
/// which variant; scalar code on purpose (every CPU gives the same bits). Never used to score.
/// </summary>
internal static class VariantForward
{
    /// <summary>The variant's output for one row.</summary>
    public static float Score(MlpWeights m, ReadOnlySpan<float> features, string variant)
    {
        float[] u = features.ToArray();
        if (m.Normalization is { } n)
        {
            var offset = n.Offset;
            var scale = n.Scale;
            for (int k = 0; k < u.Length; k++)
            {
                float t = u[k] - offset[k];
                u[k] = t * scale[k];
            }
        }

        foreach (var layer in m.Layers)
        {
            int d = layer.InputWidth;
            var y = new float[layer.OutputWidth];
            var w = layer.Weights;
            var b = layer.Bias;
            for (int j = 0; j < y.Length; j++)
            {
                float acc = Dot(b[j], u, w.Slice(j * d, d), variant);
                y[j] = layer.Activation == Activation.Relu ? (acc > 0f ? acc : 0f) : acc;
            }

            u = y;
        }

        float z = u[0];
        float p = variant == ConformanceVariants.Binary32Sigmoid
            ? 1f / (1f + (float)ExpApprox.Exp(-(double)z))
            : ExpApprox.Sigmoid(z);
        return p * m.OutputScale;
    }

    private static float Dot(float bias, float[] x, ReadOnlySpan<float> w, string variant)
    {
        switch (variant)
        {
            case ConformanceVariants.Binary32MultiplyThenAdd:
            {
                float acc = bias;
                for (int k = 0; k < x.Length; k++)
                {
                    float product = x[k] * w[k];
                    acc += product;
                }

                return acc;
            }

            case ConformanceVariants.Binary64FmaThenRound:
            {
                float acc = bias;
                for (int k = 0; k < x.Length; k++)
                {
                    // The binary64 product of two binary32 values is exact; the sum rounds in
                    // binary64, the cast rounds again.
                    double product = (double)x[k] * w[k];
                    acc = (float)(product + acc);
                }

                return acc;
            }

            case ConformanceVariants.EightPartialSums:
            {
                Span<float> partial = stackalloc float[8];
                partial.Clear();
                for (int k = 0; k < x.Length; k++)
                {
                    partial[k % 8] = NumericsContract.MulAdd(x[k], w[k], partial[k % 8]);
                }

                float acc = bias;
                foreach (float s in partial)
                {
                    acc += s;
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

                return bias + Pairwise(products);
            }

            default:
            {
                float acc = bias;
                for (int k = 0; k < x.Length; k++)
                {
                    acc = NumericsContract.MulAdd(x[k], w[k], acc);
                }

                return acc;
            }
        }
    }

    /// <summary>sum(v) = v[0] for one value, else sum(first ⌊n/2⌋) + sum(the rest), in binary32.</summary>
    private static float Pairwise(ReadOnlySpan<float> v)
    {
        if (v.Length == 0)
        {
            return 0f;
        }

        if (v.Length == 1)
        {
            return v[0];
        }

        int half = v.Length / 2;
        return Pairwise(v[..half]) + Pairwise(v[half..]);
    }
}
