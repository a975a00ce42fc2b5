using System.Text.Json;
using TrustScore.Data;
using static TrustScore.Serving.JsonBody;

namespace TrustScore.Serving;

/// <summary>
/// Parses an Open Inference Protocol v2 infer body
/// (<c>{"inputs": [{"name": "features", "datatype": "FP32", "shape": [N, 768], "data": […]}]}</c>)
/// into a <see cref="ScoringRequest"/>, streaming over the UTF-8 bytes; <c>data</c> may be flat or
/// nested, or the tensor may come as binary tensor data after the JSON
/// (<see cref="BinaryTensorData"/>). Every row is then held to feature schema v2, fail-closed.
/// Anything wrong is a <see cref="ServingRequestException"/> (400) naming the field.
/// </summary>
public static class V2InferParser
{
    private const int D = FeatureSchema.Dimension;

    /// <summary>Parses an Open Inference Protocol v2 infer body that is all JSON.</summary>
    /// <exception cref="ServingRequestException">400 naming the problem.</exception>
    public static ScoringRequest Parse(ReadOnlySpan<byte> body, int maxBatch) => Parse(body, headerLength: null, maxBatch);

    /// <summary>
    /// Parses an Open Inference Protocol v2 infer body; <paramref name="headerLength"/> is the
    /// request's <c>Inference-Header-Content-Length</c> (null without one): the body's first that
    /// many bytes are the JSON, the rest the binary tensor data.
    /// </summary>
    /// <exception cref="ServingRequestException">400 naming the problem.</exception>
    public static ScoringRequest Parse(ReadOnlySpan<byte> body, long? headerLength, int maxBatch)
    {
        ReadOnlySpan<byte> json = body;
        ReadOnlySpan<byte> binary = default;
        if (headerLength is { } n)
        {
            if (n > body.Length)
            {
                throw Bad($"the {BinaryTensorData.HeaderName} header is {n} but the body has only {body.Length} bytes");
            }

            json = body[..(int)n];
            binary = body[(int)n..];
        }

        try
        {
            RefuseDuplicateKeys(json); // the JSON part only: the binary tensor data is not JSON
            return Read(json, binary, headerLength is not null, maxBatch);
        }
        catch (JsonException ex)
        {
            throw NotJson(ex);
        }
    }

    private static ScoringRequest Read(ReadOnlySpan<byte> body, ReadOnlySpan<byte> binary, bool hasBinaryPart, int maxBatch)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        int offset = 0; // where the reader's span starts in the body (it is restarted after the data array)
        ReadObjectStart(ref reader, "the body");
        string? id = null;
        FloatRows? data = null;
        long[]? shape = null;
        bool sawInputs = false;
        long? binarySize = null;
        bool? binaryOutput = null;
        RequestedOutputs outputs = RequestedOutputs.All;
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
                    binaryOutput = ReadParameters(ref reader, "parameters", BinaryTensorData.RequestParameter) is { } flag ? flag != 0 : binaryOutput;
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
                        (data, shape, binarySize) = ReadInputTensor(ref reader, body, ref offset, maxBatch);
                    }

                    break;
                case "outputs":
                    outputs = ReadRequestedOutputs(ref reader);
                    break;
                default:
                    throw Bad($"unknown field \"{name}\"; an infer request has \"inputs\" (and optionally \"id\", \"parameters\", \"outputs\")");
            }
        }

        if (!sawInputs || shape is null)
        {
            throw Bad($"\"inputs\" must hold the tensor \"{ServingNames.InputName}\"");
        }

        if (binarySize is { } size)
        {
            data = ReadBinary(size, shape[0], binary, hasBinaryPart);
        }
        else if (hasBinaryPart && binary.Length > 0)
        {
            throw Bad($"the body has {binary.Length} bytes after its JSON part ({BinaryTensorData.HeaderName}) but no input has parameters.{BinaryTensorData.SizeParameter}");
        }

        int rows = (int)shape[0];
        data!.SetRows(rows); // not null: ReadInputTensor returns data unless the tensor is binary, read just above
        ValidateRows(data, i => $"inputs[0] row {i}");

        bool defaultBinary = binaryOutput ?? false;
        return new ScoringRequest(
            data.Values,
            rows,
            id,
            outputs.TrustScore,
            outputs.IntegerScore,
            TrustScoreBinary: outputs.TrustScoreBinary ?? defaultBinary,
            IntegerScoreBinary: outputs.IntegerScoreBinary ?? defaultBinary);
    }

    /// <summary>Reads the input tensor; with binary data, returns its declared size and no data (read once the JSON is complete).</summary>
    private static (FloatRows? Data, long[] Shape, long? BinarySize) ReadInputTensor(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref int offset, int maxBatch)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad("inputs[0] must be a tensor object");
        }

        string? name = null;
        string? datatype = null;
        long[]? shape = null;
        FloatRows? data = null;
        long? binarySize = null;
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
                    binarySize = ReadParameters(ref reader, "inputs[0].parameters", BinaryTensorData.SizeParameter) ?? binarySize;
                    break;
                case "data":
                    // Sized from the shape when it came first (the usual order), so the buffer is rented once.
                    data = new FloatRows(shape is [> 0 and var n, D] && n <= maxBatch ? (int)n * D : D);
                    ReadData(ref reader, body, ref offset, data, (long)maxBatch * D);
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
            throw Bad(datatype is null ? "inputs[0].datatype is missing" : $"inputs[0].datatype is \"{datatype}\"; \"{ServingNames.InputName}\" takes FP32 only (as binary data: 4-byte little-endian binary32 values)");
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

        if (binarySize is not null)
        {
            return data is null ? (null, shape, binarySize) : throw Bad($"inputs[0] has both \"data\" and parameters.{BinaryTensorData.SizeParameter}; send the tensor one way");
        }

        if (data is null)
        {
            throw Bad($"inputs[0] has neither \"data\" nor parameters.{BinaryTensorData.SizeParameter} (binary tensor data)");
        }

        if (data.Length != shape[0] * D)
        {
            throw Bad($"inputs[0].data has {data.Length} values but shape [{shape[0]},{D}] needs {shape[0] * D}");
        }

        return (data, shape, null);
    }

    /// <summary>The tensor sent as binary data: exactly rows × 768 × 4 bytes, the whole rest of the body.</summary>
    private static FloatRows ReadBinary(long size, long rows, ReadOnlySpan<byte> binary, bool hasBinaryPart)
    {
        string label = $"inputs[0].parameters.{BinaryTensorData.SizeParameter}";
        if (!hasBinaryPart)
        {
            throw Bad($"{label} is {size} but the request has no {BinaryTensorData.HeaderName} header, so its body holds no binary data");
        }

        long needed = rows * D * BinaryTensorData.ElementBytes;
        if (size != needed)
        {
            throw Bad($"{label} is {size} bytes; shape [{rows},{D}] of FP32 needs {needed}");
        }

        if (binary.Length < size)
        {
            throw Bad($"the body ends {binary.Length} bytes into the binary data of inputs[0], which {label} says is {size} bytes long");
        }

        if (binary.Length > size)
        {
            throw Bad($"the body has {binary.Length - size} bytes after the {size} bytes of binary data of inputs[0]; nothing may follow it");
        }

        var data = new FloatRows((int)(size / BinaryTensorData.ElementBytes));
        BinaryTensorData.AppendFloats(binary, data);
        return data;
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

    /// <summary>Reads flat or nested (row-major) numbers straight from the bytes (<see cref="JsonNumberArray"/>); the reader is on the array start.</summary>
    private static void ReadData(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref int offset, FloatRows data, long maxValues)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("inputs[0].data must be an array of numbers");
        }

        string tooMany = $"inputs[0].data has more than {maxValues} values; at most {maxValues / D} rows are accepted per request (--max-batch)";
        JsonNumberArray.ReadAt(ref reader, body, ref offset, ReaderOptions.MaxDepth - reader.CurrentDepth, data, maxValues, "inputs[0].data", tooMany);
    }

    /// <summary>Which outputs a request asked for, and whether each was asked for in binary (null: the request's default).</summary>
    private readonly record struct RequestedOutputs(bool TrustScore, bool IntegerScore, bool? TrustScoreBinary, bool? IntegerScoreBinary)
    {
        public static RequestedOutputs All => new(true, true, null, null);
    }

    private static RequestedOutputs ReadRequestedOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("\"outputs\" must be an array of {\"name\": …} objects");
        }

        var wanted = new RequestedOutputs(false, false, null, null);
        int i = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad($"outputs[{i}] must be an object with a \"name\"");
            }

            string? name = null;
            bool? binary = null;
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
                    binary = ReadParameters(ref reader, $"outputs[{i}].parameters", BinaryTensorData.OutputParameter) is { } flag ? flag != 0 : binary;
                }
                else
                {
                    throw Bad($"outputs[{i}] has an unexpected field \"{field}\"");
                }
            }

            wanted = name switch
            {
                ServingNames.OutputName => wanted with { TrustScore = true, TrustScoreBinary = binary },
                ServingNames.IntegerOutputName => wanted with { IntegerScore = true, IntegerScoreBinary = binary },
                _ => throw Bad($"outputs[{i}] asks for \"{name}\"; the outputs are \"{ServingNames.OutputName}\" and \"{ServingNames.IntegerOutputName}\""),
            };
            i++;
        }

        return i == 0 ? RequestedOutputs.All : wanted;
    }

    /// <summary>
    /// Reads a parameters object, skipping what the service does not use. Of the binary tensor
    /// data extension's parameters only <paramref name="binaryKey"/> belongs here: its value is
    /// returned (a byte count for <c>binary_data_size</c>, 1 or 0 for the booleans), null when
    /// absent; another <c>binary_data…</c> key is refused, naming where it belongs.
    /// </summary>
    private static long? ReadParameters(ref Utf8JsonReader reader, string label, string binaryKey)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"\"{label}\" must be an object");
        }

        long? found = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            Next(ref reader);
            if (key == binaryKey && key == BinaryTensorData.SizeParameter)
            {
                found = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long size) && size >= 0
                    ? size
                    : throw Bad($"{label}.{key} must be a non-negative integer, the tensor's size in bytes");
            }
            else if (key == binaryKey)
            {
                found = reader.TokenType switch
                {
                    JsonTokenType.True => 1,
                    JsonTokenType.False => 0,
                    _ => throw Bad($"{label}.{key} must be true or false"),
                };
            }
            else if (key.StartsWith("binary_data", StringComparison.Ordinal))
            {
                throw Bad($"{label}.{key} is not a parameter here; the binary tensor data extension takes \"{BinaryTensorData.RequestParameter}\" in the request's parameters, \"{BinaryTensorData.SizeParameter}\" in an input's and \"{BinaryTensorData.OutputParameter}\" in an output's");
            }
            else
            {
                reader.Skip();
            }
        }

        return found;
    }
}
