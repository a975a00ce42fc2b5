using System.Globalization;

namespace TrustScore.Consensus.Scoring;

/// <summary>Outcome of re-running conformance vectors: a value, not an exception (a "no" is expected).</summary>
/// <param name="Passed">True when every vector matched bit for bit.</param>
/// <param name="Checked">Vectors run.</param>
/// <param name="Failure">Why the set could not be run (wrong model or feature count), or null.</param>
/// <param name="FirstMismatch">The first vector that differed, or null.</param>
public sealed record ConformanceResult(bool Passed, int Checked, string? Failure, ConformanceMismatch? FirstMismatch)
{
    /// <summary>One sentence for logs and error messages.</summary>
    public string Describe()
    {
        if (Passed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"all {Checked} conformance vectors match bit for bit.");
        }

        if (Failure is not null)
        {
            return Failure;
        }

        var m = FirstMismatch!;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"vector {m.Index} ('{m.Name}') gave 0x{m.ActualBits:X8} ({BitConverter.UInt32BitsToSingle(m.ActualBits):R}, score {m.ActualScore}); expected 0x{m.ExpectedBits:X8} ({BitConverter.UInt32BitsToSingle(m.ExpectedBits):R}, score {m.ExpectedScore}).");
    }
}
