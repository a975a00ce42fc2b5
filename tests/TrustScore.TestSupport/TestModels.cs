using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;

namespace TrustScore.TestSupport;

/// <summary>Models with random (Glorot-scaled normal) weights from the owned PRNG, shared by the test projects.</summary>
public static class TestModels
{
    /// <summary>The real trust-score shape: 768 → 512 → 256 → 128 → 64 → 1.</summary>
    public static readonly int[] RealWidths = [768, 512, 256, 128, 64, 1];

    public static MlpWeights Random(int[] widths, ulong seed, bool normalization = false)
    {
        var rng = CounterRng.Create(seed, RngPurpose.WeightInit);
        ulong c = 0;
        var layers = new List<DenseLayerWeights>();
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            int d = widths[l];
            int h = widths[l + 1];
            float std = MathF.Sqrt(2f / (d + h)); // Glorot scale, as the runbook initialises its Dense layers
            var w = new float[h * d];
            var b = new float[h];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)rng.Normal(c++) * std;
            }

            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (rng.Uniform(c++) - 0.5f) * 0.1f;
            }

            layers.Add(new DenseLayerWeights(w, b, d, h, l + 2 < widths.Length ? Activation.Relu : Activation.None));
        }

        InputNormalization? norm = null;
        if (normalization)
        {
            var offset = new float[widths[0]];
            var scale = new float[widths[0]];
            for (int k = 0; k < offset.Length; k++)
            {
                offset[k] = rng.Uniform(c++) * 0.5f;
                scale[k] = 0.5f + (rng.Uniform(c++) * 2f);
            }

            norm = new InputNormalization(offset, scale);
        }

        return new MlpWeights(layers, norm);
    }

    public static float[] RandomRows(int rows, int d, ulong seed)
    {
        var rng = CounterRng.Create(seed, RngPurpose.Synthetic);
        var x = new float[rows * d];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.Normal((ulong)i);
        }

        return x;
    }
}
