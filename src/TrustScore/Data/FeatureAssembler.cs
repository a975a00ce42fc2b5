using System.Globalization;
using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>
/// Turns <see cref="FeatureInputs"/> into the canonical 768-float vector (schema v2, the node's layout). The only
/// assembler: training, evaluation and scoring all call it, so a model can never again be trained
/// on vectors that serving does not produce. Fail-closed: invalid input is an error, not a clamp.
/// </summary>
public static class FeatureAssembler
{
    /// <summary>Assembles the vector or throws <see cref="BadInputException"/> naming the field.</summary>
    public static float[] Assemble(FeatureInputs inputs) =>
        TryAssemble(inputs, out var vector, out string? error) ? vector : throw new BadInputException($"invalid feature inputs: {error}.");

    /// <summary>Assembles the vector; on failure returns false with one clause naming the field.</summary>
    public static bool TryAssemble(FeatureInputs inputs, out float[] vector, out string? error)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        vector = new float[FeatureSchema.Dimension];
        error = Fill(inputs, vector);
        return error is null;
    }

    private static string? Fill(FeatureInputs x, float[] v)
    {
        if (x.FaceEmbedding.Length != FeatureSchema.EmbeddingLength)
        {
            return $"face_embedding has {x.FaceEmbedding.Length} values, expected {FeatureSchema.EmbeddingLength}";
        }

        // Norm in double, in index order; each component divided in double and rounded once.
        double sumSquares = 0;
        for (int i = 0; i < x.FaceEmbedding.Length; i++)
        {
            float e = x.FaceEmbedding[i];
            if (!float.IsFinite(e))
            {
                return $"face_embedding[{i}] is {Show(e)}, not a finite number";
            }

            sumSquares += (double)e * e;
        }

        double norm = Math.Sqrt(sumSquares);
        if (!(norm > 1e-6))
        {
            return "face_embedding has zero norm (a missing embedding is rejected)";
        }

        for (int i = 0; i < FeatureSchema.EmbeddingLength; i++)
        {
            v[FeatureSchema.EmbeddingOffset + i] = (float)(x.FaceEmbedding[i] / norm);
        }

        string? e1 = Unit("face_confidence", x.FaceConfidence, v, FeatureSchema.FaceConfidenceIndex, false)
            ?? Unit("document_quality_score", x.DocumentQualityScore, v, FeatureSchema.DocumentQualityIndex, false)
            ?? Unit("sharpness", x.Sharpness, v, FeatureSchema.SharpnessIndex, false)
            ?? Unit("brightness", x.Brightness, v, FeatureSchema.BrightnessIndex, false)
            ?? Unit("contrast", x.Contrast, v, FeatureSchema.ContrastIndex, false)
            ?? Unit("noise_level", x.NoiseLevel, v, FeatureSchema.OneMinusNoiseIndex, true)
            ?? UnitProblem("blur_score", x.BlurScore); // validated, but not a feature: the node's extractor does not send it
        if (e1 is not null)
        {
            return e1;
        }

        int fields = FeatureSchema.OcrFields.Count;
        if (x.OcrConfidences.Length != fields || x.OcrValidated.Length != fields)
        {
            return $"OCR fields: expected {fields} confidences and {fields} validation flags, found {x.OcrConfidences.Length} and {x.OcrValidated.Length}";
        }

        for (int f = 0; f < fields; f++)
        {
            string? e2 = Unit($"ocr_{FeatureSchema.OcrFields[f]}_confidence", x.OcrConfidences[f], v, FeatureSchema.OcrOffset + (2 * f), false);
            if (e2 is not null)
            {
                return e2;
            }

            v[FeatureSchema.OcrOffset + (2 * f) + 1] = x.OcrValidated[f] ? 1f : 0f;
        }

        if (x.ScopeCount is < 0 or > FeatureSchema.MaxScopeCount)
        {
            return $"scope_count is {x.ScopeCount}, expected an integer in [0, {FeatureSchema.MaxScopeCount}]";
        }

        v[FeatureSchema.ScopeCountIndex] = x.ScopeCount / (float)FeatureSchema.MaxScopeCount;
        foreach (string scope in x.ScopeTypes)
        {
            int index = IndexOf(FeatureSchema.ScopeTypes, scope);
            if (index < 0)
            {
                return $"scope_types contains '{scope}', expected one of {string.Join(", ", FeatureSchema.ScopeTypes)}";
            }

            v[FeatureSchema.ScopeFlagsOffset + index] = 1f;
        }

        return null;
    }

    private static string? Unit(string name, float value, float[] v, int index, bool complement)
    {
        string? problem = UnitProblem(name, value);
        if (problem is null)
        {
            v[index] = complement ? 1f - value : value;
        }

        return problem;
    }

    private static string? UnitProblem(string name, float value) =>
        !float.IsFinite(value) ? $"{name} is {Show(value)}, not a finite number"
        : value is < 0f or > 1f ? $"{name} is {Show(value)}, expected a value in [0, 1]"
        : null;

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Show(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}
