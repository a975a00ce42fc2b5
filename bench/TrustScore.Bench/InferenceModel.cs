using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Bench;

/// <summary>The benchmark model: the real shape 768→512→256→128→64→1 with random Glorot-scaled weights.</summary>
internal static class InferenceModel
{
    public static readonly int[] Widths = [768, 512, 256, 128, 64, 1];

    public static byte[] Bytes { get; } = OnnxModelWriter.Write(Build());

    /// <summary>Multiply-adds per scored row (Σ D·H over the layers).</summary>
    public static long MultiplyAddsPerRow
    {
        get
        {
            long total = 0;
            for (int l = 0; l + 1 < Widths.Length; l++)
            {
                total += (long)Widths[l] * Widths[l + 1];
            }

            return total;
        }
    }

    public static float[] Rows(int rows)
    {
        var rng = CounterRng.Create(7, RngPurpose.Synthetic);
        var x = new float[rows * Widths[0]];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.Normal((ulong)i);
        }

        return x;
    }

    private static MlpWeights Build()
    {
        var rng = CounterRng.Create(1, RngPurpose.WeightInit);
        ulong c = 0;
        var layers = new List<DenseLayerWeights>();
        for (int l = 0; l + 1 < Widths.Length; l++)
        {
            int d = Widths[l];
            int h = Widths[l + 1];
            var w = new float[h * d];
            var b = new float[h];
            float std = MathF.Sqrt(2f / (d + h));
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)rng.Normal(c++) * std;
            }

            layers.Add(new DenseLayerWeights(w, b, d, h, h > 1 ? Activation.Relu : Activation.None));
        }

        return new MlpWeights(layers);
    }
}
