using System.Globalization;
using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Scoring;

/// <summary>
/// Turns the fields of one input row into the vector the model scores, exactly as training did:
/// <see cref="RecordFeatures.Build"/>, the same function training and serving call. Fail-closed:
/// anything invalid is an error naming the row and field. Labels are not needed (and ignored).
/// </summary>
internal static class ScoreRowBuilder
{
    public static ScoreInput Build(IRecordFields f, long ordinal)
    {
        string location = f.Location.ToString();
        try
        {
            string sampleId = f.Has(VeidColumns.SampleId) ? f.GetString(VeidColumns.SampleId) : ordinal.ToString(CultureInfo.InvariantCulture);
            return new ScoreInput(location, sampleId, RecordFeatures.Build(f), null);
        }
        catch (BadInputException ex)
        {
            return ScoreInput.Bad(location, ex.Message);
        }
    }

    /// <summary>A bare vector (a JSON array line or a CSV row of 768 numbers), validated against schema v2.</summary>
    public static ScoreInput FromVector(RecordLocation location, string sampleId, float[] vector)
    {
        string? problem = FeatureSchema.ValidateForScoring(vector);
        return problem is null
            ? new ScoreInput(location.ToString(), sampleId, vector, null)
            : ScoreInput.Bad(location.ToString(), $"{location}: feature vector {problem}.");
    }
}
