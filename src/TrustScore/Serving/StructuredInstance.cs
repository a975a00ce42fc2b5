using System.Text.Json;
using TrustScore.Data;

namespace TrustScore.Serving;

/// <summary>
/// One TensorFlow Serving instance given as a dataset record (docs/dataset-format.md field
/// names) instead of 768 numbers: either <c>{"features": [768]}</c> or the structured fields,
/// assembled by the one <see cref="FeatureAssembler"/> training used. Fields a dataset record
/// carries but scoring does not use (id, label, …) are ignored; anything else is refused.
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

            int k = 0;
            foreach (JsonElement item in features.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number)
                {
                    throw Bad($"{label}.features[{k}] is {item.ValueKind.ToString().ToLowerInvariant()}; expected a number");
                }

                if (k < D)
                {
                    row[k] = item.TryGetDouble(out double d) ? (float)d : float.PositiveInfinity;
                }

                k++;
            }

            if (k != D)
            {
                throw Bad($"{label}.features has {k} values; expected {D}");
            }

            foreach (JsonProperty p in record.EnumerateObject())
            {
                if (p.Name != VeidColumns.Features && !IgnoredRecordFields.Contains(p.Name))
                {
                    throw Bad($"{label} has \"features\" and also \"{p.Name}\"; send either the 768 features or the structured fields");
                }
            }

            return;
        }

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

        var inputs = new FeatureInputs
        {
            FaceEmbedding = Floats(record, VeidColumns.FaceEmbedding, label),
            FaceConfidence = Scalar(record, VeidColumns.FaceConfidence, label),
            DocumentQualityScore = Scalar(record, VeidColumns.DocumentQualityScore, label),
            Sharpness = Scalar(record, VeidColumns.Sharpness, label),
            Brightness = Scalar(record, VeidColumns.Brightness, label),
            Contrast = Scalar(record, VeidColumns.Contrast, label),
            NoiseLevel = Scalar(record, VeidColumns.NoiseLevel, label),
            BlurScore = Scalar(record, VeidColumns.BlurScore, label),
            OcrConfidences = [.. FeatureSchema.OcrFields.Select(f => Scalar(record, VeidColumns.OcrFieldConfidence(f), label))],
            OcrValidated = [.. FeatureSchema.OcrFields.Select(f => Flag(record, VeidColumns.OcrFieldValidated(f), label))],
            ScopeTypes = Strings(record, VeidColumns.ScopeTypes, label),
            ScopeCount = Integer(record, VeidColumns.ScopeCount, label),
        };
        if (!FeatureAssembler.TryAssemble(inputs, out float[] vector, out string? error))
        {
            throw Bad($"{label}: {error}");
        }

        vector.CopyTo(row);
    }

    private static float Scalar(JsonElement record, string name, string label)
    {
        JsonElement v = Field(record, name, label);
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) ? (float)d : throw Bad($"{label}.{name} must be a number");
    }

    private static bool Flag(JsonElement record, string name, string label)
    {
        JsonElement v = Field(record, name, label);
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Bad($"{label}.{name} must be true or false");
    }

    private static int Integer(JsonElement record, string name, string label)
    {
        JsonElement v = Field(record, name, label);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Bad($"{label}.{name} must be an integer");
    }

    private static float[] Floats(JsonElement record, string name, string label)
    {
        JsonElement v = Field(record, name, label);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"{label}.{name} must be an array of numbers");
        }

        var values = new float[v.GetArrayLength()];
        int k = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            values[k] = item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out double d) ? (float)d : throw Bad($"{label}.{name}[{k}] must be a number");
            k++;
        }

        return values;
    }

    private static string[] Strings(JsonElement record, string name, string label)
    {
        JsonElement v = Field(record, name, label);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"{label}.{name} must be an array of strings");
        }

        return [.. v.EnumerateArray().Select((item, k) => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Bad($"{label}.{name}[{k}] must be a string"))];
    }

    private static JsonElement Field(JsonElement record, string name, string label) =>
        record.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? v : throw Bad($"{label} is missing \"{name}\"");

    private static ServingRequestException Bad(string message) => JsonBody.Bad(message);
}
