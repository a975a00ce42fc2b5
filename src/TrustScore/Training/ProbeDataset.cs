using TrustScore.Consensus.Numerics;

namespace TrustScore.Training;

/// <summary>
/// A small, learnable, fully specified synthetic dataset for the trainer's own checks (the
/// pinned digest run, the R² smoke test, benchmarks). Not the product's synthetic generator
/// (that lives with the dataset stage). Definition, with u(c) = CounterRng(seed, Synthetic, a).Uniform(c):
/// <code>
/// x[i, k] = u_{a=0}(i·W + k)                          features in [0, 1)
/// c_k     = 4·u_{a=1}(k) − 2   for k &lt; 32            fixed coefficients in [−2, 2)
/// z_i     = Σ_{k&lt;32} c_k·(x[i, k] − 0.5)  (double, ascending k)
/// y_i     = float32(100 / (1 + e^(−z_i)))             labels in (0, 100)
/// </code>
/// The label uses the platform exp in double; it is data, not model numerics, and a 1-ulp
/// difference in e^(−z) cannot survive rounding to float32 except in astronomically rare cases.
/// </summary>
public static class ProbeDataset
{
    /// <summary>Number of features that drive the label.</summary>
    public const int InformativeFeatures = 32;

    /// <summary>Builds <paramref name="samples"/> rows of width <paramref name="width"/>.</summary>
    public static TrainingData Create(int samples, int width, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, InformativeFeatures);
        var features = new float[(long)samples * width];
        var labels = new float[samples];
        var featureRng = CounterRng.Create(seed, RngPurpose.Synthetic, 0);
        var coefficientRng = CounterRng.Create(seed, RngPurpose.Synthetic, 1);
        var coefficients = new double[InformativeFeatures];
        for (int k = 0; k < InformativeFeatures; k++)
        {
            coefficients[k] = (4.0 * coefficientRng.Uniform((ulong)k)) - 2.0;
        }

        for (int i = 0; i < samples; i++)
        {
            long row = (long)i * width;
            for (int k = 0; k < width; k++)
            {
                features[row + k] = featureRng.Uniform((ulong)(row + k));
            }

            double z = 0;
            for (int k = 0; k < InformativeFeatures; k++)
            {
                z += coefficients[k] * (features[row + k] - 0.5);
            }

            labels[i] = (float)(100.0 / (1.0 + Math.Exp(-z)));
        }

        return new TrainingData(features, labels, width);
    }

    /// <summary>Rows [start, start + count) of <paramref name="data"/> as a new split.</summary>
    public static TrainingData Slice(TrainingData data, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new TrainingData(
            data.Features.Slice(start * data.Width, count * data.Width).ToArray(),
            data.Labels.Slice(start, count).ToArray(),
            data.Width);
    }
}
