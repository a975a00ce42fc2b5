using System.Globalization;
using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>
/// Turns the fields of one record (either format) into a validated <see cref="VeidRecord"/>:
/// label and quality ranges, then either the precomputed vector (validated against schema v2) or
/// the structured inputs (assembled by <see cref="FeatureAssembler"/>), both through <see cref="RecordFeatures"/>.
/// </summary>
internal static class RecordBuilder
{
    public static VeidRecord Build(IRecordFields f)
    {
        string sampleId = f.GetString(VeidColumns.SampleId);
        if (sampleId.Length == 0)
        {
            throw Fail(f, VeidColumns.SampleId, "is empty; every record needs a unique sample_id");
        }

        string documentType = f.GetString(VeidColumns.DocumentType);
        double label = f.GetNumber(VeidColumns.TrustScore);
        if (label is < 0 or > 100)
        {
            throw Fail(f, VeidColumns.TrustScore, $"is {Show(label)}, expected a value in [0, 100]");
        }

        bool isGenuine = f.GetBool(VeidColumns.IsGenuine);
        string? fraudType = f.GetNullableString(VeidColumns.FraudType);
        double faceConfidence = Unit(f, VeidColumns.FaceConfidence);
        double documentQuality = Unit(f, VeidColumns.DocumentQualityScore);
        double ocrConfidence = Unit(f, VeidColumns.OcrConfidence);

        float[] features = RecordFeatures.Build(f);

        return new VeidRecord
        {
            SampleId = sampleId,
            DocumentType = documentType,
            TrustScore = label,
            IsGenuine = isGenuine,
            FraudType = fraudType,
            FaceConfidence = faceConfidence,
            DocumentQualityScore = documentQuality,
            OcrConfidence = ocrConfidence,
            Features = features,
            Location = f.Location,
        };
    }

    private static double Unit(IRecordFields f, string name)
    {
        double v = f.GetNumber(name);
        return v is < 0 or > 1 ? throw Fail(f, name, $"is {Show(v)}, expected a value in [0, 1]") : v;
    }

    internal static BadInputException Fail(IRecordFields f, string field, string problem) =>
        new($"{f.Location}: field '{field}' {problem}.");

    internal static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
