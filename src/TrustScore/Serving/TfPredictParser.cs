using System.Text.Json;
using TrustScore.Data;
using static TrustScore.Serving.JsonBody;

namespace TrustScore.Serving;

/// <summary>
/// Parses TensorFlow Serving's predict body (<c>{"instances": [[768 numbers] | {record} …]}</c>)
/// into a <see cref="ScoringRequest"/>, streaming over the UTF-8 bytes. A structured record is
/// read by <see cref="StructuredInstance"/>. Every row is then held to feature schema v2
/// (<see cref="FeatureSchema.Validate"/>), fail-closed. Anything wrong is a
/// <see cref="ServingRequestException"/> (400) naming the field.
/// </summary>
public static class TfPredictParser
{
    private const int D = FeatureSchema.Dimension;
    private const string Instances = "instances";
    private const string Inputs = "inputs";

    /// <summary>Parses a TensorFlow Serving predict body.</summary>
    /// <exception cref="ServingRequestException">400 naming the problem.</exception>
    public static ScoringRequest Parse(ReadOnlySpan<byte> body, int maxBatch)
    {
        try
        {
            RefuseDuplicateKeys(body);
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
        int offset = 0; // where the reader's span starts in the body (restarted after each row, JsonNumberArray.ReadAt)
        ReadObjectStart(ref reader, "the body");
        var rows = new FloatRows();
        string? form = null;
        string label = Instances;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            Next(ref reader);
            switch (name)
            {
                case Instances:
                case Inputs:
                    if (form is not null)
                    {
                        throw Bad($"the body has both \"{form}\" and \"{name}\"; send rows as \"{Instances}\" (row format) or as \"{Inputs}\" (columnar format), not both");
                    }

                    form = name;
                    label = name == Instances ? Instances : ReadColumnarStart(ref reader);
                    ReadRows(ref reader, body, ref offset, rows, maxBatch, label, allowRecords: name == Instances);
                    if (name == Inputs && label != Inputs)
                    {
                        ReadColumnarEnd(ref reader);
                    }

                    break;
                case "signature_name":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Bad("\"signature_name\" must be a string");
                    }

                    break;
                default:
                    throw Bad($"unknown field \"{name}\"; a predict request has \"instances\" or \"inputs\" (and optionally \"signature_name\")");
            }
        }

        if (form is null)
        {
            throw Bad("the body has no \"instances\" (nor columnar \"inputs\")");
        }

        if (rows.Count == 0)
        {
            throw Bad($"\"{label}\" is empty");
        }

        ValidateRows(rows, i => $"{label}[{i}]");
        return new ScoringRequest(rows.Values, rows.Count, Columnar: form == Inputs);
    }

    /// <summary>
    /// The columnar value is either the one input's tensor (<c>"inputs": [[…], …]</c>) or an
    /// object naming it (<c>"inputs": {"features": [[…], …]}</c>); for the object, steps onto the
    /// tensor and returns its label.
    /// </summary>
    private static string ReadColumnarStart(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return Inputs;
        }

        if (reader.TokenType != JsonTokenType.StartObject || Next(ref reader) != JsonTokenType.PropertyName)
        {
            throw Bad($"\"{Inputs}\" must be an array of rows or an object {{\"{ServingNames.InputName}\": [rows]}}");
        }

        string input = reader.GetString()!;
        if (input != ServingNames.InputName)
        {
            throw Bad($"\"{Inputs}\" names the input \"{input}\"; the model's one input is \"{ServingNames.InputName}\"");
        }

        Next(ref reader);
        return $"{Inputs}.{ServingNames.InputName}";
    }

    private static void ReadColumnarEnd(ref Utf8JsonReader reader)
    {
        if (Next(ref reader) != JsonTokenType.EndObject)
        {
            throw Bad($"\"{Inputs}\" has more than one input; the model's one input is \"{ServingNames.InputName}\"");
        }
    }

    /// <summary>Reads the rows of <c>instances</c> (rows or records) or of a columnar tensor (rows only).</summary>
    private static void ReadRows(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref int offset, FloatRows rows, int maxBatch, string field, bool allowRecords)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad($"\"{field}\" must be an array of {(allowRecords ? "instances" : "rows")}");
        }

        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            int i = rows.Count;
            if (i == maxBatch)
            {
                throw Bad($"more than {maxBatch} {(allowRecords ? "instances" : "rows")}; at most {maxBatch} rows are accepted per request (--max-batch)");
            }

            string label = $"{field}[{i}]";
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    // Straight from the bytes: the bulk of a batch body is these numbers.
                    int k = JsonNumberArray.ReadAt(ref reader, body, ref offset, 1, rows, D, label, $"{label} has more than {D} values; expected {D}");
                    if (k != D)
                    {
                        throw Bad($"{label} has {k} values; expected {D}");
                    }

                    rows.CompleteRow();
                    break;
                case JsonTokenType.StartObject when allowRecords:
                    using (var record = JsonDocument.ParseValue(ref reader))
                    {
                        StructuredInstance.Read(record.RootElement, rows.AddRow(), label);
                    }

                    break;
                default:
                    throw Bad($"{label} is {Describe(reader.TokenType)}; expected an array of {D} numbers{(allowRecords ? " or a structured record object" : string.Empty)}");
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
