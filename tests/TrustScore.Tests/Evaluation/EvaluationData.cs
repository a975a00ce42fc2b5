using TrustScore.Evaluation;

namespace TrustScore.Tests.Evaluation;

/// <summary>Small hand-built test sets whose metrics are known without running the evaluator.</summary>
internal static class EvaluationData
{
    public static readonly string[] DocumentTypes = ["drivers_license", "id_card", "passport"];

    /// <summary>
    /// <paramref name="n"/> samples with labels spread evenly over 10–90; the first
    /// <paramref name="exact"/> are predicted exactly, the rest off by ±<paramref name="offset"/>
    /// (alternating sign, so the bias stays near zero). Document types cycle; every fourth
    /// sample is fraud; integer scores are the predictions rounded half away from zero.
    /// </summary>
    public static EvaluationInput Build(int n, int exact, float offset)
    {
        var predictions = new float[n];
        var labels = new float[n];
        var types = new string[n];
        var genuine = new bool[n];
        var ints = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = 10 + (80f * i / Math.Max(1, n - 1));
            float error = i < exact ? 0 : ((i - exact) % 2 == 0 ? offset : -offset);
            predictions[i] = labels[i] + error;
            types[i] = DocumentTypes[i % DocumentTypes.Length];
            genuine[i] = i % 4 != 0;
            ints[i] = (int)Math.Round(predictions[i], MidpointRounding.AwayFromZero);
        }

        return new EvaluationInput(predictions, labels, types, genuine, ints);
    }

    /// <summary>Ten samples: [50, 40, 60, 20, 80] predicted as [53, 32, 75, 15, 90], twice, with fixed groups.</summary>
    public static EvaluationInput Upstream() => new(
        Predictions: [53, 32, 75, 15, 90, 53, 32, 75, 15, 90],
        Labels: [50, 40, 60, 20, 80, 50, 40, 60, 20, 80],
        DocumentTypes: ["passport", "passport", "passport", "passport", "passport", "id_card", "id_card", "id_card", "id_card", "id_card"],
        IsGenuine: [true, true, true, false, false, true, true, true, false, false],
        IntegerScores: [53, 32, 75, 15, 90, 53, 32, 75, 15, 90]);
}
