using System.Text.Json;
using TrustScore.Data;
using static TrustScore.Serving.JsonBody;

namespace TrustScore.Serving;

/// <summary>
/// Parses the VirtEngine node's HTTP sidecar body, <c>{"features": [768 numbers], "model_id": "…"}</c>,
/// sent to the same path as TensorFlow Serving's predict and told apart from it by its
/// top-level <c>features</c> field (<see cref="IsSidecarBody"/>). <c>model_id</c> is the node's
/// configured version label: accepted, not matched (the answer names the version that scored).
/// The row is held to feature schema v2, fail-closed; anything wrong is a 400 naming the field.
/// </summary>
public static class SidecarPredictParser
{
    private const string FeaturesField = "features";

    /// <summary>True when the body is a JSON object with a top-level <c>features</c> field (and so not a TF Serving body).</summary>
    public static bool IsSidecarBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(FeaturesField))
                {
                    return true;
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the TF Serving parser reports it.
        }

        return false;
    }

    /// <summary>Parses a sidecar body into one row.</summary>
    /// <exception cref="ServingRequestException">400 naming the problem.</exception>
    public static ScoringRequest Parse(ReadOnlySpan<byte> body, int maxBatch)
    {
        try
        {
            RefuseDuplicateKeys(body);
            return Read(body);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }
    }

    private static ScoringRequest Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        ReadObjectStart(ref reader, "the body");
        var rows = new FloatRows();
        bool sawFeatures = false;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            Next(ref reader);
            switch (name)
            {
                case FeaturesField:
                    if (sawFeatures || reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Bad($"\"features\" must appear once, as an array of {FeatureSchema.Dimension} numbers");
                    }

                    sawFeatures = true;
                    TfPredictParser.ReadRow(ref reader, rows.AddRow(), FeaturesField);
                    break;
                case "model_id":
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    {
                        throw Bad("\"model_id\" must be a string");
                    }

                    break;
                default:
                    throw Bad($"unknown field \"{name}\"; a sidecar predict request has \"features\" (and optionally \"model_id\")");
            }
        }

        ValidateRows(rows, _ => "features");
        return new ScoringRequest(rows.Values, rows.Count);
    }
}
