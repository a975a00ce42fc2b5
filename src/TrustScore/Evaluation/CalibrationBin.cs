namespace TrustScore.Evaluation;

/// <summary>One bin of the calibration curve: samples whose prediction lies in [Lower, Upper).</summary>
/// <param name="Lower">Lower edge (inclusive), score points.</param>
/// <param name="Upper">Upper edge (exclusive; the last bin also holds 100 and above).</param>
/// <param name="Count">Samples in the bin.</param>
/// <param name="MeanPredicted">Mean prediction in the bin (0 when empty).</param>
/// <param name="MeanActual">Mean label in the bin (0 when empty).</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanPredicted, double MeanActual)
{
    /// <summary>|mean predicted − mean actual|, score points.</summary>
    public double Gap => Math.Abs(MeanPredicted - MeanActual);
}
