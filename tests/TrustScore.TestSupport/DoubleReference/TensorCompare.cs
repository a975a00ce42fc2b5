using Xunit;

namespace TrustScore.TestSupport.DoubleReference;

/// <summary>Labelled tensor comparisons that report the max difference and the first offending index.</summary>
public static class TensorCompare
{
    /// <summary>Asserts |actual − expected| ≤ absolute + relative·|expected| element-wise.</summary>
    public static void Close(string label, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double relative, double absolute)
    {
        Assert.True(actual.Length == expected.Length, $"{label}: length {actual.Length} vs {expected.Length}");
        double maxDiff = 0;
        int first = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            maxDiff = Math.Max(maxDiff, diff);
            if (first < 0 && (!(diff <= absolute + (relative * Math.Abs(expected[i])))))
            {
                first = i;
            }
        }

        Assert.True(first < 0, first < 0 ? label : $"{label}: max diff {maxDiff:g4}; first offending index {first}: actual {actual[first]:g9} expected {expected[first]:g9}");
    }

    /// <summary>Same as <see cref="Close(string, ReadOnlySpan{float}, ReadOnlySpan{double}, double, double)"/> for doubles.</summary>
    public static void Close(string label, ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double relative, double absolute)
    {
        Assert.True(actual.Length == expected.Length, $"{label}: length {actual.Length} vs {expected.Length}");
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            Assert.True(diff <= absolute + (relative * Math.Abs(expected[i])), $"{label}: index {i}: actual {actual[i]:g12} expected {expected[i]:g12} (diff {diff:g4})");
        }
    }

    /// <summary>Asserts bit equality and reports the first differing index.</summary>
    public static void BitEqual(string label, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.True(actual.Length == expected.Length, $"{label}: length {actual.Length} vs {expected.Length}");
        for (int i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(actual[i]) != BitConverter.SingleToUInt32Bits(expected[i]))
            {
                Assert.Fail($"{label}: first differing index {i}: {actual[i]:g9} vs {expected[i]:g9}");
            }
        }
    }
}
