using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Scoring;

/// <summary>
/// Which plausible wrong implementations of docs/numerics.md the standard conformance vectors
/// catch (docs/numerics.md §9.2). Each variant is a whole re-implementation of the inference pass
/// differing in one operation; the contract variant must reproduce every vector, and every variant
/// listed as caught must miss at least one vector's output bits — what a validator's conformance
/// check (<see cref="ConformanceVectors.Check"/>) refuses.
/// </summary>
public sealed class WrongVariantTests
{
    public enum Variant
    {
        /// <summary>The contract: fma per step, §4.3 sigmoid.</summary>
        Contract,

        /// <summary>Each multiply-add rounded to binary32 separately: acc + x·w.</summary>
        Binary32MultiplyThenAdd,

        /// <summary>The sigmoid evaluated in binary32: 1 / (1 + f32(exp(−z))).</summary>
        Binary32Sigmoid,

        /// <summary>The dot product summed as 8 interleaved partial sums, then added to the bias.</summary>
        EightPartialSums,

        /// <summary>
        /// Each multiply-add in binary64, rounded once to binary32 (a double rounding). Not caught
        /// by the standard vectors (0 of 54, docs/numerics.md §9.2); kept for the measurement.
        /// </summary>
        Binary64MultiplyAdd,
    }

    private static readonly (MlpWeights Weights, ConformanceVectors Vectors) Model = Build();

    [Theory]
    [InlineData(Variant.Contract, false)]
    [InlineData(Variant.Binary32MultiplyThenAdd, true)]
    [InlineData(Variant.Binary32Sigmoid, true)]
    [InlineData(Variant.EightPartialSums, true)]
    public void StandardVectors_CatchTheVariant(Variant variant, bool caught)
    {
        int missed = Mismatches(variant);
        Assert.True(caught ? missed > 0 : missed == 0, $"{variant}: {missed} of {Model.Vectors.Vectors.Count} vectors differ");
    }

    [Fact]
    public void OnnxRuntime_IsCaught()
    {
        byte[] bytes = OnnxModelWriter.Write(Model.Weights);
        var vectors = Model.Vectors.Vectors;
        int d = Model.Vectors.FeatureCount;
        var x = new float[vectors.Count * d];
        for (int i = 0; i < vectors.Count; i++)
        {
            vectors[i].Features.Span.CopyTo(x.AsSpan(i * d));
        }

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(bytes, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("features", new DenseTensor<float>(x, [vectors.Count, d]))]);
        var outputs = results.Single().AsTensor<float>();
        int missed = Enumerable.Range(0, vectors.Count).Count(i => BitConverter.SingleToUInt32Bits(outputs[i, 0]) != vectors[i].OutputBits);
        Assert.True(missed > 0, "ONNX Runtime reproduced every conformance vector bit for bit");
    }

    /// <summary>How many vectors the variant gets wrong.</summary>
    private static int Mismatches(Variant variant) =>
        Model.Vectors.Vectors.Count(v => BitConverter.SingleToUInt32Bits(Forward(Model.Weights, v.Features.Span, variant)) != v.OutputBits);

    private static (MlpWeights, ConformanceVectors) Build()
    {
        var weights = TestModels.Random(TestModels.RealWidths, 4242, normalization: true);
        var scorer = Scorer.Load(OnnxModelWriter.Write(weights));
        return (weights, ConformanceVectors.Generate(scorer));
    }

    private static float Forward(MlpWeights m, ReadOnlySpan<float> features, Variant variant)
    {
        float[] u = features.ToArray();
        if (m.Normalization is { } n)
        {
            for (int k = 0; k < u.Length; k++)
            {
                float t = u[k] - n.Offset[k];
                u[k] = t * n.Scale[k];
            }
        }

        foreach (var layer in m.Layers)
        {
            int d = layer.InputWidth;
            var y = new float[layer.OutputWidth];
            for (int j = 0; j < y.Length; j++)
            {
                var w = layer.Weights.Slice(j * d, d);
                float acc = Dot(layer.Bias[j], u, w, variant);
                y[j] = layer.Activation == Activation.Relu ? (acc > 0f ? acc : 0f) : acc;
            }

            u = y;
        }

        float z = u[0];
        float p = variant == Variant.Binary32Sigmoid ? 1f / (1f + (float)ExpApprox.Exp(-(double)z)) : ExpApprox.Sigmoid(z);
        return p * m.OutputScale;
    }

    private static float Dot(float bias, float[] x, ReadOnlySpan<float> w, Variant variant)
    {
        switch (variant)
        {
            case Variant.Binary32MultiplyThenAdd:
            {
                float acc = bias;
                for (int k = 0; k < x.Length; k++)
                {
                    float product = x[k] * w[k];
                    acc += product;
                }

                return acc;
            }

            case Variant.Binary64MultiplyAdd:
            {
                float acc = bias;
                for (int k = 0; k < x.Length; k++)
                {
                    acc = (float)(((double)x[k] * w[k]) + acc);
                }

                return acc;
            }

            case Variant.EightPartialSums:
            {
                var partial = new float[8];
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
}
