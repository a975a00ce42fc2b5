using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;
using TrustScore.IO;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Scoring;

/// <summary>
/// A small real model (768 → 24 → 8 → 1, ReLU, sigmoid × 100) with seeded weights (<see cref="TestModels"/>), its ONNX bytes
/// and conformance file, plus an independent binary64 forward pass to check scores against.
/// </summary>
internal sealed class SmallModel
{
    private static readonly int[] Widths = [768, 24, 8, 1];

    private SmallModel(MlpWeights weights)
    {
        Weights = weights;
        Onnx = OnnxModelWriter.Write(weights);
        Conformance = CanonicalJson.ToUtf8Bytes(ConformanceVectors.Generate(Scorer.Load(Onnx)).ToJson());
    }

    public MlpWeights Weights { get; }

    public byte[] Onnx { get; }

    public byte[] Conformance { get; }

    public static SmallModel Create(ulong seed = 7) => new(TestModels.Random(Widths, seed));

    /// <summary>The model's output for <paramref name="x"/> in binary64 (W [H,D] rows, ReLU, 100·σ).</summary>
    public double Reference(float[] x)
    {
        double[] a = [.. x.Select(v => (double)v)];
        foreach (var layer in Weights.Layers)
        {
            var w = layer.Weights;
            var b = layer.Bias;
            var next = new double[layer.OutputWidth];
            for (int j = 0; j < next.Length; j++)
            {
                double sum = b[j];
                for (int k = 0; k < layer.InputWidth; k++)
                {
                    sum += (double)w[(j * layer.InputWidth) + k] * a[k];
                }

                next[j] = layer.Activation == Activation.Relu ? Math.Max(0, sum) : sum;
            }

            a = next;
        }

        return 100.0 / (1.0 + Math.Exp(-a[0]));
    }
}
