using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>
/// The one record → 768-float function (docs/feature-schema.md). Training
/// (<see cref="RecordBuilder"/>), batch scoring (<c>ScoreRowBuilder</c>) and serving
/// (<c>StructuredInstance</c>) all call it, so the three can never assemble different bits from the same
/// record: a precomputed <c>features</c> vector is validated against schema v2 as is; otherwise the
/// structured fields are read (every number that becomes a feature rounded once from its text to
/// binary32, docs/numerics.md §11) and assembled by <see cref="FeatureAssembler"/>. Fail-closed:
/// a <see cref="BadInputException"/> naming the record and field.
/// </summary>
internal static class RecordFeatures
{
    public static float[] Build(IRecordFields f)
    {
        if (f.Has(VeidColumns.Features))
        {
            float[] features = f.GetFloats(VeidColumns.Features);
            string? problem = FeatureSchema.ValidateForScoring(features);
            return problem is null ? features : throw RecordBuilder.Fail(f, VeidColumns.Features, problem);
        }

        var inputs = new FeatureInputs
        {
            FaceEmbedding = f.GetFloats(VeidColumns.FaceEmbedding),
            FaceConfidence = f.GetFloat(VeidColumns.FaceConfidence),
            DocumentQualityScore = f.GetFloat(VeidColumns.DocumentQualityScore),
            Sharpness = f.GetFloat(VeidColumns.Sharpness),
            Brightness = f.GetFloat(VeidColumns.Brightness),
            Contrast = f.GetFloat(VeidColumns.Contrast),
            NoiseLevel = f.GetFloat(VeidColumns.NoiseLevel),
            BlurScore = f.GetFloat(VeidColumns.BlurScore),
            OcrConfidences = [.. FeatureSchema.OcrFields.Select(n => f.GetFloat(VeidColumns.OcrFieldConfidence(n)))],
            OcrValidated = [.. FeatureSchema.OcrFields.Select(n => f.GetBool(VeidColumns.OcrFieldValidated(n)))],
            ScopeTypes = f.GetStringList(VeidColumns.ScopeTypes),
            ScopeCount = f.GetInteger(VeidColumns.ScopeCount),
        };
        return FeatureAssembler.TryAssemble(inputs, out float[] vector, out string? error)
            ? vector
            : throw new BadInputException($"{f.Location}: {error}.");
    }
}
