using System.Globalization;
using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Scoring;

/// <summary>
/// Turns the fields of one input row into the vector the model scores, exactly as training did:
/// a precomputed <c>features</c> vector is validated against schema v1; structured fields go
/// through <see cref="FeatureAssembler"/>. Fail-closed: anything invalid is an error naming the
/// row and field. Labels are not needed (and ignored when present).
/// </summary>
internal static class ScoreRowBuilder
{
    public static ScoreInput Build(IRecordFields f, long ordinal)
    {
        string location = f.Location.ToString();
        try
        {
            string sampleId = f.Has(VeidColumns.SampleId) ? f.GetString(VeidColumns.SampleId) : ordinal.ToString(CultureInfo.InvariantCulture);
            return new ScoreInput(location, sampleId, Features(f), null);
        }
        catch (BadInputException ex)
        {
            return ScoreInput.Bad(location, ex.Message);
        }
    }

    /// <summary>A bare vector (a JSON array line or a CSV row of 768 numbers), validated against schema v1.</summary>
    public static ScoreInput FromVector(RecordLocation location, string sampleId, float[] vector)
    {
        string? problem = FeatureSchema.Validate(vector);
        return problem is null
            ? new ScoreInput(location.ToString(), sampleId, vector, null)
            : ScoreInput.Bad(location.ToString(), $"{location}: feature vector {problem}.");
    }

    private static float[] Features(IRecordFields f)
    {
        if (f.Has(VeidColumns.Features))
        {
            float[] features = f.GetFloats(VeidColumns.Features);
            string? problem = FeatureSchema.Validate(features);
            return problem is null ? features : throw RecordBuilder.Fail(f, VeidColumns.Features, problem);
        }

        var inputs = new FeatureInputs
        {
            FaceEmbedding = f.GetFloats(VeidColumns.FaceEmbedding),
            FaceConfidence = (float)f.GetNumber(VeidColumns.FaceConfidence),
            DocumentQualityScore = (float)f.GetNumber(VeidColumns.DocumentQualityScore),
            Sharpness = (float)f.GetNumber(VeidColumns.Sharpness),
            Brightness = (float)f.GetNumber(VeidColumns.Brightness),
            Contrast = (float)f.GetNumber(VeidColumns.Contrast),
            NoiseLevel = (float)f.GetNumber(VeidColumns.NoiseLevel),
            BlurScore = (float)f.GetNumber(VeidColumns.BlurScore),
            OcrConfidences = [.. FeatureSchema.OcrFields.Select(n => (float)f.GetNumber(VeidColumns.OcrFieldConfidence(n)))],
            OcrValidated = [.. FeatureSchema.OcrFields.Select(n => f.GetBool(VeidColumns.OcrFieldValidated(n)))],
            ScopeTypes = f.GetStringList(VeidColumns.ScopeTypes),
            ScopeCount = f.GetInteger(VeidColumns.ScopeCount),
        };
        return FeatureAssembler.TryAssemble(inputs, out float[] vector, out string? error)
            ? vector
            : throw new BadInputException($"{f.Location}: {error}.");
    }
}
