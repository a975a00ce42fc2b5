using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TrustScore.Serving;

/// <summary>
/// The Open Inference Protocol's binary tensor data extension (KServe v2 / Triton,
/// docs/serving.md "Binary tensor data"): a request whose <c>Inference-Header-Content-Length</c>
/// header is N carries its JSON in the first N bytes of the body and each tensor marked with
/// <c>"binary_data_size": B</c> as B raw bytes after it, in input order — little-endian, row-major,
/// no padding. Answers are sent the same way when the request asks (<c>"binary_data": true</c> on
/// an output, or <c>"binary_data_output": true</c> in the request's parameters). The bytes are the
/// binary32 bits themselves, so no decimal conversion happens on either side.
/// </summary>
internal static class BinaryTensorData
{
    /// <summary>The header naming the length of the JSON part of a body that carries binary tensors.</summary>
    public const string HeaderName = "Inference-Header-Content-Length";

    /// <summary>The content type of an answer with binary outputs (JSON followed by raw bytes).</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>The input parameter giving a tensor's byte count.</summary>
    public const string SizeParameter = "binary_data_size";

    /// <summary>The output parameter asking for that output in binary.</summary>
    public const string OutputParameter = "binary_data";

    /// <summary>The request parameter asking for every output in binary unless an output says otherwise.</summary>
    public const string RequestParameter = "binary_data_output";

    /// <summary>Bytes per FP32 or INT32 element.</summary>
    public const int ElementBytes = 4;

    /// <summary>
    /// The JSON length from the header, or null when the request has none (its body is all JSON).
    /// </summary>
    /// <exception cref="ServingRequestException">400 when the header is not one non-negative integer.</exception>
    public static long? HeaderLength(Microsoft.Extensions.Primitives.StringValues header)
    {
        if (header.Count == 0)
        {
            return null;
        }

        if (header.Count == 1 && long.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            return length;
        }

        throw JsonBody.Bad($"the {HeaderName} header is '{header}'; expected one non-negative integer, the length in bytes of the JSON part of the body");
    }

    /// <summary>Appends <paramref name="bytes"/> (little-endian binary32 values) to <paramref name="rows"/> as they are.</summary>
    public static void AppendFloats(ReadOnlySpan<byte> bytes, FloatRows rows)
    {
        Span<float> target = rows.AddValues(bytes.Length / ElementBytes);
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(target));
            return;
        }

        for (int i = 0; i < target.Length; i++)
        {
            target[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * ElementBytes)..]);
        }
    }

    /// <summary>
    /// Appends the binary outputs of an Open Inference answer after its JSON, in the order the JSON
    /// lists them (trust_score, then integer_score); false when none was asked for in binary.
    /// </summary>
    public static bool AppendOutputs(IBufferWriter<byte> body, ScoredBatch batch)
    {
        ScoringRequest request = batch.Request;
        bool floats = request.WantTrustScore && request.TrustScoreBinary;
        bool integers = request.WantIntegerScore && request.IntegerScoreBinary;
        if (floats)
        {
            Span<byte> target = body.GetSpan(batch.Outputs.Length * ElementBytes)[..(batch.Outputs.Length * ElementBytes)];
            for (int i = 0; i < batch.Outputs.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(target[(i * ElementBytes)..], batch.Outputs[i]);
            }

            body.Advance(target.Length);
        }

        if (integers)
        {
            Span<byte> target = body.GetSpan(batch.Scores.Length * ElementBytes)[..(batch.Scores.Length * ElementBytes)];
            for (int i = 0; i < batch.Scores.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(target[(i * ElementBytes)..], batch.Scores[i]);
            }

            body.Advance(target.Length);
        }

        return floats || integers;
    }
}
