namespace TrustScore.Data;

/// <summary>Distribution of labels: count, mean, std, min, max and counts per score bin [0,25), [25,50), [50,75), [75,100].</summary>
public sealed record LabelSummary(int Count, double Mean, double Std, double Min, double Max, IReadOnlyList<int> Bins)
{
    /// <summary>Summarises <paramref name="labels"/>.</summary>
    public static LabelSummary Of(IEnumerable<float> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = 0;
        double sum = 0, squares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var bins = new int[4];
        foreach (float y in labels)
        {
            n++;
            sum += y;
            squares += (double)y * y;
            min = Math.Min(min, y);
            max = Math.Max(max, y);
            bins[Math.Min(3, (int)(y / 25))]++;
        }

        double mean = n == 0 ? 0 : sum / n;
        double std = n == 0 ? 0 : Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean)));
        return new LabelSummary(n, mean, std, n == 0 ? 0 : min, n == 0 ? 0 : max, bins);
    }
}
