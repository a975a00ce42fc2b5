using System.Buffers;
using System.Text.Json;
using TrustScore.Consensus.Numerics;
using TrustScore.Data;
using TrustScore.Errors;

namespace TrustScore.Serving;

/// <summary>
/// Parses the two request bodies the service accepts into <see cref="ScoringRequest"/>
/// (issue 11 items 2 and 4), streaming over the UTF-8 bytes: TensorFlow Serving's row format
/// (<c>{"instances": [[768 numbers] | {record} …]}</c>) and the Open Inference Protocol v2
/// tensor (<c>{"inputs": [{"name": "features", "datatype": "FP32", "shape": [N, 768], "data": […]}]}</c>).
/// Every row is then held to feature schema v1 (<see cref="FeatureSchema.Validate"/>), fail-closed.
/// A number's decimal text is rounded once to binary32 (docs/numerics.md §11), as every reader does;
/// a structured record goes through <see cref="RecordFeatures"/>, as in training and batch scoring.
/// Anything wrong is a <see cref="ServingRequestException"/> (400) naming the field.
/// </summary>
public static class RequestParser
{
    /// <summary>The input tensor's name.</summary>
    public const string InputName = "features";

    /// <summary>The float output's name.</summary>
    public const string OutputName = "trust_score";

    /// <summary>The integer-score output's name.</summary>
    public const string IntegerOutputName = "integer_score";

    private const int D = FeatureSchema.Dimension;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Fields of a dataset record that a structured instance may carry and the service ignores.</summary>
    private static readonly HashSet<string> IgnoredRecordFields = new(StringComparer.Ordinal)
    {
        VeidColumns.SampleId, VeidColumns.DocumentType, VeidColumns.TrustScore, VeidColumns.IsGenuine, VeidColumns.FraudType, VeidColumns.OcrConfidence,
    };

    /// <summary>Parses a TensorFlow Serving predict body.</summary>
    /// <exception cref="ServingRequestException">400 naming the problem.</exception>
    public static ScoringRequest ParseTfPredict(ReadOnlySpan<byte> body, int maxBatch)
    {
        try
        {
            return TfPredict(body, maxBatch);
        }
        catch (JsonException ex)
        {
            throw Bad($"the body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Parses an Open Inference Protocol v2 infer body.</summary>
    /// <exception cref="ServingRequestException">400 naming the problem.</exception>
    public static ScoringRequest ParseV2Infer(ReadOnlySpan<byte> body, int maxBatch)
    {
        try
        {
            return V2Infer(body, maxBatch);
        }
        catch (JsonException ex)
        {
            throw Bad($"the body is not valid JSON: {ex.Message}");
        }
    }

    private static ScoringRequest TfPredict(ReadOnlySpan<byte> body, int maxBatch)
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
                        ReadRecord(record.RootElement, rows.AddRow(), label);
                    }

                    break;
                default:
                    throw Bad($"{label} is {Describe(reader.TokenType)}; expected an array of {D} numbers or a structured record object");
            }
        }
    }

    /// <summary>Reads one [768 numbers] row; the reader is on its StartArray.</summary>
    private static void ReadRow(ref Utf8JsonReader reader, Span<float> row, string label)
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

    private static void ReadRecord(JsonElement record, Span<float> row, string label)
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
            RejectUnknownRecordFields(record, label);
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

    private static void RejectUnknownRecordFields(JsonElement record, string label)
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

    private static ScoringRequest V2Infer(ReadOnlySpan<byte> body, int maxBatch)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        ReadObjectStart(ref reader, "the body");
        string? id = null;
        FloatRows? data = null;
        long[]? shape = null;
        bool sawInputs = false;
        bool wantFloat = true;
        bool wantInteger = true;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            Next(ref reader);
            switch (name)
            {
                case "id":
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Bad("\"id\" must be a string");
                    break;
                case "parameters":
                    ReadParameters(ref reader, "parameters");
                    break;
                case "inputs":
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Bad("\"inputs\" must be an array of tensors");
                    }

                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        if (sawInputs)
                        {
                            throw Bad($"\"inputs\" has more than one tensor; the model takes one input, \"{InputName}\"");
                        }

                        sawInputs = true;
                        (data, shape) = ReadInputTensor(ref reader, maxBatch);
                    }

                    break;
                case "outputs":
                    (wantFloat, wantInteger) = ReadRequestedOutputs(ref reader);
                    break;
                default:
                    throw Bad($"unknown field \"{name}\"; an infer request has \"inputs\" (and optionally \"id\", \"parameters\", \"outputs\")");
            }
        }

        if (!sawInputs || data is null || shape is null)
        {
            throw Bad($"\"inputs\" must hold the tensor \"{InputName}\"");
        }

        int rows = (int)shape[0];
        data.SetRows(rows);
        ValidateRows(data, i => $"inputs[0] row {i}");
        return new ScoringRequest(data.Values, rows, id, wantFloat, wantInteger);
    }

    private static (FloatRows Data, long[] Shape) ReadInputTensor(ref Utf8JsonReader reader, int maxBatch)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad("inputs[0] must be a tensor object");
        }

        string? name = null;
        string? datatype = null;
        long[]? shape = null;
        FloatRows? data = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string field = reader.GetString()!;
            Next(ref reader);
            switch (field)
            {
                case "name":
                    name = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Bad("inputs[0].name must be a string");
                    break;
                case "datatype":
                    datatype = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Bad("inputs[0].datatype must be a string");
                    break;
                case "shape":
                    shape = ReadShape(ref reader);
                    break;
                case "parameters":
                    ReadParameters(ref reader, "inputs[0].parameters");
                    break;
                case "data":
                    data = new FloatRows();
                    ReadData(ref reader, data, (long)maxBatch * D);
                    break;
                default:
                    throw Bad($"inputs[0] has an unknown field \"{field}\"");
            }
        }

        if (name != InputName)
        {
            throw Bad(name is null ? "inputs[0].name is missing" : $"inputs[0].name is \"{name}\"; the model's input is \"{InputName}\"");
        }

        if (datatype != "FP32")
        {
            throw Bad(datatype is null ? "inputs[0].datatype is missing" : $"inputs[0].datatype is \"{datatype}\"; \"{InputName}\" is FP32");
        }

        if (shape is null)
        {
            throw Bad("inputs[0].shape is missing");
        }

        if (shape.Length != 2 || shape[1] != D)
        {
            throw Bad($"inputs[0].shape is [{string.Join(",", shape)}]; expected [N,{D}]");
        }

        if (shape[0] < 1)
        {
            throw Bad($"inputs[0].shape is [{string.Join(",", shape)}]; N must be at least 1");
        }

        if (shape[0] > maxBatch)
        {
            throw Bad($"inputs[0] has {shape[0]} rows; at most {maxBatch} rows are accepted per request (--max-batch)");
        }

        if (data is null)
        {
            throw Bad("inputs[0].data is missing (binary tensor data is not supported)");
        }

        if (data.Length != shape[0] * D)
        {
            throw Bad($"inputs[0].data has {data.Length} values but shape [{shape[0]},{D}] needs {shape[0] * D}");
        }

        return (data, shape);
    }

    private static long[] ReadShape(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("inputs[0].shape must be an array of integers");
        }

        var dims = new List<long>(2);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long dim) || dims.Count >= 8)
            {
                throw Bad("inputs[0].shape must be an array of at most 8 integers");
            }

            dims.Add(dim);
        }

        return [.. dims];
    }

    /// <summary>Reads flat or nested (row-major) numbers; the reader is on the array start.</summary>
    private static void ReadData(ref Utf8JsonReader reader, FloatRows data, long maxValues)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("inputs[0].data must be an array of numbers");
        }

        int depth = 1;
        while (depth > 0)
        {
            switch (Next(ref reader))
            {
                case JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.Number:
                    if (data.Length >= maxValues)
                    {
                        throw Bad($"inputs[0].data has more than {maxValues} values; at most {maxValues / D} rows are accepted per request (--max-batch)");
                    }

                    data.Add(Number(ref reader));
                    break;
                default:
                    throw Bad($"inputs[0].data[{data.Length}] is {Describe(reader.TokenType)}; expected a number");
            }
        }
    }

    private static (bool Float, bool Integer) ReadRequestedOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("\"outputs\" must be an array of {\"name\": …} objects");
        }

        bool wantFloat = false;
        bool wantInteger = false;
        int i = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad($"outputs[{i}] must be an object with a \"name\"");
            }

            string? name = null;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                string field = reader.GetString()!;
                Next(ref reader);
                if (field == "name" && reader.TokenType == JsonTokenType.String)
                {
                    name = reader.GetString();
                }
                else if (field == "parameters")
                {
                    ReadParameters(ref reader, $"outputs[{i}].parameters");
                }
                else
                {
                    throw Bad($"outputs[{i}] has an unexpected field \"{field}\"");
                }
            }

            switch (name)
            {
                case OutputName:
                    wantFloat = true;
                    break;
                case IntegerOutputName:
                    wantInteger = true;
                    break;
                default:
                    throw Bad($"outputs[{i}] asks for \"{name}\"; the outputs are \"{OutputName}\" and \"{IntegerOutputName}\"");
            }

            i++;
        }

        return i == 0 ? (true, true) : (wantFloat, wantInteger);
    }

    /// <summary>Skips a parameters object, refusing the binary-data extension.</summary>
    private static void ReadParameters(ref Utf8JsonReader reader, string label)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"\"{label}\" must be an object");
        }

        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            Next(ref reader);
            if (key.StartsWith("binary_data", StringComparison.Ordinal) && reader.TokenType != JsonTokenType.False)
            {
                throw Bad($"{label}.{key}: binary tensor data is not supported; send JSON numbers");
            }

            reader.Skip();
        }
    }

    private static void ValidateRows(FloatRows rows, Func<int, string> label)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            string? problem = FeatureSchema.Validate(rows.Row(i));
            if (problem is not null)
            {
                throw Bad($"{label(i)}: {problem}");
            }
        }
    }

    /// <summary>The token's decimal text rounded once to binary32 (docs/numerics.md §11).</summary>
    private static float Number(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return Binary32Text.TryParse(text, out float value) ? value : float.PositiveInfinity; // not finite as binary32: refused by validation
    }

    private static void ReadObjectStart(ref Utf8JsonReader reader, string what)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"{what} must be a JSON object");
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw Bad("the body ends too early");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };

    private static ServingRequestException Bad(string message) => new(400, message);
}
