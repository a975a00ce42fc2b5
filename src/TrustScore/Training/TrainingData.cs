using TrustScore.Errors;

namespace TrustScore.Training;

/// <summary>
/// One split of a feature-level dataset held compactly for training (runbook §1.3;
/// "Memory"): float32 features in one contiguous row-major array [Count, Width] and float32
/// labels on the 0–100 scale [Count]. The arrays are taken over, not copied, and never mutated.
/// </summary>
public sealed class TrainingData
{
    private readonly float[] features;
    private readonly float[] labels;

    /// <summary>Wraps <paramref name="features"/> [count, width] and <paramref name="labels"/> [count].</summary>
    /// <exception cref="BadInputException">Shapes disagree, a value is not finite, or a label is outside 0–100.</exception>
    public TrainingData(float[] features, float[] labels, int width)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (width <= 0 || features.LongLength != (long)labels.Length * width)
        {
            throw new BadInputException($"training data: {features.LongLength} feature values do not form {labels.Length} rows of width {width}.");
        }

        for (long c = 0; c < features.LongLength; c++)
        {
            if (!float.IsFinite(features[c]))
            {
                throw new BadInputException($"training data: feature {c % width} of row {c / width} is not finite.");
            }
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (!float.IsFinite(labels[i]) || labels[i] < 0f || labels[i] > 100f)
            {
                throw new BadInputException($"training data: label of row {i} is {labels[i]}, expected a finite value in 0–100.");
            }
        }

        this.features = features;
        this.labels = labels;
        Width = width;
    }

    /// <summary>Number of rows.</summary>
    public int Count => labels.Length;

    /// <summary>Features per row.</summary>
    public int Width { get; }

    /// <summary>All features, row-major [Count, Width].</summary>
    public ReadOnlySpan<float> Features => features;

    /// <summary>All labels [Count].</summary>
    public ReadOnlySpan<float> Labels => labels;

    /// <summary>Bytes held by the feature array.</summary>
    public long FeatureBytes => features.LongLength * sizeof(float);

    /// <summary>Features of row <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index) => features.AsSpan(index * Width, Width);
}
