using System.Text.Json;
using TrustScore.Data;
using static TrustScore.Serving.JsonBody;

namespace TrustScore.Serving;

/// <summary>
/// Parses an Open Inference Protocol v2 infer body
/// (<c>{"inputs": [{"name": "features", "datatype": "FP32", "shape": [N, 768], "data": […]}]}</c>)
/// into a <see cref="ScoringRequest"/>, streaming over the UTF-8 bytes; <c>data</c> may be flat or
/// nested. Every row is then held to feature schema v2, fail-closed. Anything wrong is a
/// <see cref="ServingRequestException"/> (400) naming the field.
/// </summary>
public static class V2InferParser
{
    private const int D = FeatureSchema.Dimension;

    /// <summary>Parses an Open Inference Protocol v2 infer body.</summary>
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
                            throw Bad($"\"inputs\" has more than one tensor; the model takes one input, \"{ServingNames.InputName}\"");
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
            throw Bad($"\"inputs\" must hold the tensor \"{ServingNames.InputName}\"");
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

        if (name != ServingNames.InputName)
        {
            throw Bad(name is null ? "inputs[0].name is missing" : $"inputs[0].name is \"{name}\"; the model's input is \"{ServingNames.InputName}\"");
        }

        if (datatype != "FP32")
        {
            throw Bad(datatype is null ? "inputs[0].datatype is missing" : $"inputs[0].datatype is \"{datatype}\"; \"{ServingNames.InputName}\" is FP32");
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
                case ServingNames.OutputName:
                    wantFloat = true;
                    break;
                case ServingNames.IntegerOutputName:
                    wantInteger = true;
                    break;
                default:
                    throw Bad($"outputs[{i}] asks for \"{name}\"; the outputs are \"{ServingNames.OutputName}\" and \"{ServingNames.IntegerOutputName}\"");
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
}
