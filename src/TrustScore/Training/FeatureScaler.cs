using TrustScore.Errors;

namespace TrustScore.Training;

/// <summary>
/// The fitted feature transform x' = (x − Center[k]) · Multiplier[k], evaluated in float32 as
/// written (one subtraction, then one multiplication). Statistics are computed in double from
/// the training split, in ascending row order, and rounded to float32 once:
/// Center = round(center), Multiplier = round(1 / scale).
/// </summary>
public sealed class FeatureScaler
{
    private FeatureScaler(FeatureScaling kind, float[] center, float[] multiplier)
    {
        Kind = kind;
        Center = center;
        Multiplier = multiplier;
    }

    /// <summary>Which statistics were fitted.</summary>
    public FeatureScaling Kind { get; }

    /// <summary>Per-feature value subtracted first [Width].</summary>
    public IReadOnlyList<float> Center { get; }

    /// <summary>Per-feature factor applied second [Width].</summary>
    public IReadOnlyList<float> Multiplier { get; }

    /// <summary>Number of features.</summary>
    public int Width => Center.Count;

    /// <summary>Whether the transform changes anything.</summary>
    public bool IsIdentity => Kind == FeatureScaling.None;

    /// <summary>Restores a scaler from stored arrays (checkpoints).</summary>
    public static FeatureScaler FromArrays(FeatureScaling kind, float[] center, float[] multiplier)
    {
        if (center.Length != multiplier.Length)
        {
            throw new BadInputException("feature scaler: center and multiplier lengths differ.");
        }

        return new FeatureScaler(kind, center, multiplier);
    }

    /// <summary>Fits <paramref name="kind"/> on <paramref name="train"/> (the training split only).</summary>
    public static FeatureScaler Fit(TrainingData train, FeatureScaling kind)
    {
        ArgumentNullException.ThrowIfNull(train);
        int width = train.Width;
        var center = new float[width];
        var multiplier = new float[width];
        if (kind == FeatureScaling.None)
        {
            Array.Fill(multiplier, 1f);
            return new FeatureScaler(kind, center, multiplier);
        }

        if (train.Count == 0)
        {
            throw new BadInputException("feature scaling: the training split is empty.");
        }

        var column = kind == FeatureScaling.Robust ? new float[train.Count] : [];
        ReadOnlySpan<float> x = train.Features;
        for (int k = 0; k < width; k++)
        {
            (double c, double s) = kind switch
            {
                FeatureScaling.Standard => Standard(x, train.Count, width, k),
                FeatureScaling.MinMax => MinMax(x, train.Count, width, k),
                FeatureScaling.Robust => Robust(x, train.Count, width, k, column),
                _ => throw new BadInputException($"feature scaling: unknown kind {kind}."),
            };
            center[k] = (float)c;
            multiplier[k] = s == 0 || !double.IsFinite(s) ? 1f : (float)(1.0 / s);
        }

        return new FeatureScaler(kind, center, multiplier);
    }

    /// <summary>dst[k] = (src[k] − Center[k]) · Multiplier[k] for one row.</summary>
    public void Apply(Span<float> dst, ReadOnlySpan<float> src)
    {
        if (IsIdentity)
        {
            src.CopyTo(dst);
            return;
        }

        var c = (float[])Center;
        var m = (float[])Multiplier;
        for (int k = 0; k < src.Length; k++)
        {
            dst[k] = (src[k] - c[k]) * m[k];
        }
    }

    private static (double Center, double Scale) Standard(ReadOnlySpan<float> x, int n, int width, int k)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += x[(i * width) + k];
        }

        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            double d = x[(i * width) + k] - mean;
            squares += d * d;
        }

        return (mean, Math.Sqrt(squares / n));
    }

    private static (double Center, double Scale) MinMax(ReadOnlySpan<float> x, int n, int width, int k)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            float v = x[(i * width) + k];
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, (double)max - min);
    }

    private static (double Center, double Scale) Robust(ReadOnlySpan<float> x, int n, int width, int k, float[] column)
    {
        for (int i = 0; i < n; i++)
        {
            column[i] = x[(i * width) + k];
        }

        Array.Sort(column);
        return (Quantile(column, 0.5), Quantile(column, 0.75) - Quantile(column, 0.25));
    }

    /// <summary>NumPy's default "linear" quantile of sorted values.</summary>
    private static double Quantile(float[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = position - lower;
        return sorted[lower] + ((sorted[upper] - (double)sorted[lower]) * fraction);
    }
}
