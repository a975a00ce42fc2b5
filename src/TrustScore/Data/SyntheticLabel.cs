using TrustScore.Consensus.Numerics;

namespace TrustScore.Data;

/// <summary>
/// The synthetic label as a function of the assembled feature vector (docs/dataset-format.md,
/// "Synthetic data"): smooth, multiplicative interactions of liveness and identity-match signals
/// hidden in the face embedding (projections on two fixed directions), OCR validation, document
/// quality and face confidence. Uses only + − × ÷, √ and the owned exp/ln, so every platform
/// computes the same bits.
/// </summary>
internal sealed class SyntheticLabel
{
    private readonly double[] liveness;
    private readonly double[] match;

    public SyntheticLabel(ulong seed)
    {
        this.liveness = Direction(seed, 1, null);
        this.match = Direction(seed, 2, this.liveness);
    }

    /// <summary>Unit direction in embedding space carrying the liveness signal.</summary>
    public ReadOnlySpan<double> LivenessDirection => this.liveness;

    /// <summary>Unit direction carrying the identity-match signal (orthogonal to liveness).</summary>
    public ReadOnlySpan<double> MatchDirection => this.match;

    /// <summary>The noise-free score, 0–100, of an assembled vector.</summary>
    public double Clean(ReadOnlySpan<float> v)
    {
        double p1 = 0, p2 = 0;
        for (int j = 0; j < FeatureSchema.EmbeddingLength; j++)
        {
            p1 += v[j] * this.liveness[j];
            p2 += v[j] * this.match[j];
        }

        double live = Sigmoid(6.0 * p1);
        double match = Sigmoid(6.0 * p2);
        double validated = 0, ocr = 0;
        for (int f = 0; f < FeatureSchema.OcrFields.Count; f++)
        {
            ocr += v[FeatureSchema.OcrOffset + (2 * f)];
            validated += v[FeatureSchema.OcrOffset + (2 * f) + 1];
        }

        validated /= FeatureSchema.OcrFields.Count;
        ocr /= FeatureSchema.OcrFields.Count;
        double documentQuality = v[FeatureSchema.DocumentQualityIndex];
        double face = v[FeatureSchema.FaceConfidenceIndex];
        double liveness = v[FeatureSchema.ScopeFlagsOffset + 2]; // face_video scope strengthens the liveness evidence
        double score = 100.0
            * Pow(live, 0.8 - (0.2 * liveness))
            * Pow(match, 0.6)
            * (0.45 + (0.55 * validated * validated))
            * (0.70 + (0.30 * documentQuality))
            * (0.80 + (0.20 * ocr))
            * (0.75 + (0.25 * face));
        return Math.Clamp(score, 0.0, 100.0);
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + ExpApprox.Exp(-z));

    private static double Pow(double x, double a) => x <= 0 ? 0 : ExpApprox.Exp(a * ExpApprox.Ln(x));

    private static double[] Direction(ulong seed, ulong which, double[]? orthogonalTo)
    {
        var rng = CounterRng.Create(seed, RngPurpose.Synthetic, ulong.MaxValue, which);
        var d = new double[FeatureSchema.EmbeddingLength];
        for (int j = 0; j < d.Length; j++)
        {
            d[j] = rng.Normal((ulong)j);
        }

        if (orthogonalTo is not null)
        {
            double dot = 0;
            for (int j = 0; j < d.Length; j++)
            {
                dot += d[j] * orthogonalTo[j];
            }

            for (int j = 0; j < d.Length; j++)
            {
                d[j] -= dot * orthogonalTo[j];
            }
        }

        double norm = 0;
        for (int j = 0; j < d.Length; j++)
        {
            norm += d[j] * d[j];
        }

        norm = Math.Sqrt(norm);
        for (int j = 0; j < d.Length; j++)
        {
            d[j] /= norm;
        }

        return d;
    }
}
