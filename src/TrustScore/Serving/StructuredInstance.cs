using System.Text.Json;
using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Serving;

/// <summary>
/// One TensorFlow Serving instance given as a dataset record (docs/dataset-format.md field
/// names) instead of 768 numbers: either <c>{"features": [768]}</c> or the structured fields,
/// turned into features by <see cref="RecordFeatures"/>, the one function training and batch
/// scoring use. Fields a dataset record carries but scoring does not use (id, label, …) are
/// ignored; anything else is refused.
/// </summary>
internal static class StructuredInstance
{
    private const int D = FeatureSchema.Dimension;

    /// <summary>Fields of a dataset record that a structured instance may carry and the service ignores.</summary>
    private static readonly HashSet<string> IgnoredRecordFields = new(StringComparer.Ordinal)
    {
        VeidColumns.SampleId, VeidColumns.DocumentType, VeidColumns.TrustScore, VeidColumns.IsGenuine, VeidColumns.FraudType, VeidColumns.OcrConfidence,
    };

    /// <summary>Fills <paramref name="row"/> from <paramref name="record"/>; 400 naming <paramref name="label"/> and the field otherwise.</summary>
    public static void Read(JsonElement record, Span<float> row, string label)
    {
        if (record.TryGetProperty(VeidColumns.Features, out JsonElement features))
        {
            if (features.ValueKind != JsonValueKind.Array)
            {
                throw Bad($"{label}.features must be an array of {D} numbers");
            }

            foreach (JsonProperty p in record.EnumerateObject())
            {
                if (p.Name != VeidColumns.Features && !IgnoredRecordFields.Contains(p.Name))
                {
                    throw Bad($"{label} has \"features\" and also \"{p.Name}\"; send either the 768 features or the structured fields");
                }
            }
        }
        else
        {
            RejectUnknownFields(record, label);
        }

        // The one record → features function training and batch scoring use (docs/feature-schema.md).
        try
        {
            RecordFeatures.Build(new JsonlRecordFields(record, RecordLocation.Named(label))).CopyTo(row);
        }
        catch (BadInputException ex)
        {
            throw Bad(ex.Message);
        }
    }

    private static void RejectUnknownFields(JsonElement record, string label)
    {
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            VeidColumns.FaceEmbedding, VeidColumns.FaceConfidence, VeidColumns.DocumentQualityScore, VeidColumns.Sharpness, VeidColumns.Brightness,
            VeidColumns.Contrast, VeidColumns.NoiseLevel, VeidColumns.BlurScore, VeidColumns.ScopeTypes, VeidColumns.ScopeCount,
        };
        foreach (string field in FeatureSchema.OcrFields)
        {
            known.Add(VeidColumns.OcrFieldConfidence(field));
            known.Add(VeidColumns.OcrFieldValidated(field));
        }

        foreach (JsonProperty p in record.EnumerateObject())
        {
            if (!known.Contains(p.Name) && !IgnoredRecordFields.Contains(p.Name))
            {
                throw Bad($"{label} has an unknown field \"{p.Name}\"");
            }
        }
    }

    private static ServingRequestException Bad(string message) => JsonBody.Bad(message);
}
