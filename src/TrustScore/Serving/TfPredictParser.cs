using System.Text.Json;
using TrustScore.Data;
using static TrustScore.Serving.JsonBody;

namespace TrustScore.Serving;

/// <summary>
/// Parses TensorFlow Serving's predict body (<c>{"instances": [[768 numbers] | {record} …]}</c>)
/// into a <see cref="ScoringRequest"/>, streaming over the UTF-8 bytes. A structured record is
/// read by <see cref="StructuredInstance"/>. Every row is then held to feature schema v1
/// (<see cref="FeatureSchema.Validate"/>), fail-closed. Anything wrong is a
/// <see cref="ServingRequestException"/> (400) naming the field.
/// </summary>
public static class TfPredictParser
{
    private const int D = FeatureSchema.Dimension;

    /// <summary>Parses a TensorFlow Serving predict body.</summary>
    /// <exception cref="ServingRequestException">400 naming the problem.</exception>
    public static ScoringRequest Parse(ReadOnlySpan<byte> body, int maxBatch)
    {
        try
        {
            return Read(body, maxBatch);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }
    }

    private static ScoringRequest Read(ReadOnlySpan<byte> body, int maxBatch)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        ReadObjectStart(ref reader, "the body");
        var rows = new FloatRows();
        bool sawInstances = false;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            Next(ref reader);
            switch (name)
            {
                case "instances":
                    sawInstances = true;
                    ReadInstances(ref reader, rows, maxBatch);
                    break;
                case "signature_name":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Bad("\"signature_name\" must be a string");
                    }

                    break;
                case "inputs":
                    throw Bad("the columnar \"inputs\" format is not supported; send rows as \"instances\"");
                default:
                    throw Bad($"unknown field \"{name}\"; a predict request has \"instances\" (and optionally \"signature_name\")");
            }
        }

        if (!sawInstances)
        {
            throw Bad("the body has no \"instances\"");
        }

        if (rows.Count == 0)
        {
            throw Bad("\"instances\" is empty");
        }

        ValidateRows(rows, i => $"instances[{i}]");
        return new ScoringRequest(rows.Values, rows.Count);
    }

    private static void ReadInstances(ref Utf8JsonReader reader, FloatRows rows, int maxBatch)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("\"instances\" must be an array of instances");
        }

        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            int i = rows.Count;
            if (i == maxBatch)
            {
                throw Bad($"more than {maxBatch} instances; at most {maxBatch} rows are accepted per request (--max-batch)");
            }

            string label = $"instances[{i}]";
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    ReadRow(ref reader, rows.AddRow(), label);
                    break;
                case JsonTokenType.StartObject:
                    using (var record = JsonDocument.ParseValue(ref reader))
                    {
                        StructuredInstance.Read(record.RootElement, rows.AddRow(), label);
                    }

                    break;
                default:
                    throw Bad($"{label} is {Describe(reader.TokenType)}; expected an array of {D} numbers or a structured record object");
            }
        }
    }

    /// <summary>Reads one [768 numbers] row; the reader is on its StartArray.</summary>
    internal static void ReadRow(ref Utf8JsonReader reader, Span<float> row, string label)
    {
        int k = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw Bad($"{label}[{k}] is {Describe(reader.TokenType)}; expected a number");
            }

            if (k < D)
            {
                row[k] = Number(ref reader);
            }

            k++;
        }

        if (k != D)
        {
            throw Bad($"{label} has {k} values; expected {D}");
        }
    }
}
