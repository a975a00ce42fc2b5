using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Training;

/// <summary>
/// The checkpoint file format (runbook §1.3; docs/numerics-training.md §8). Little-endian:
/// <code>
/// magic   8 bytes  "TSCKPT\0\x01"
/// hlen    u32      length of the header
/// header  hlen     canonical JSON: {"format","version","kind","tensors":[{"name","length"}], "state":{…}}
/// tensors          float32 values of each listed tensor, in header order
/// sha256  32 bytes SHA-256 of every preceding byte
/// </code>
/// Exact floating-point state (learning rate, Adam powers, callback bests) is stored as hex bit
/// patterns inside "state", so a resumed run continues bit for bit. Files are written atomically.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = [(byte)'T', (byte)'S', (byte)'C', (byte)'K', (byte)'P', (byte)'T', 0, 1];

    /// <summary>Format name in the header.</summary>
    public const string FormatName = "trustscore-training-checkpoint";

    /// <summary>Format version in the header.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Writes a checkpoint atomically; <paramref name="state"/> is serialised with
    /// <paramref name="stateType"/> (from <see cref="CheckpointJsonContext"/>).
    /// </summary>
    public static void Write<TState>(string path, string kind, TState state, JsonTypeInfo<TState> stateType, IReadOnlyList<(string Name, float[] Values)> tensors)
    {
        var header = new CheckpointHeader(
            FormatName,
            FormatVersion,
            kind,
            JsonSerializer.SerializeToNode(state, stateType)!,
            [.. tensors.Select(t => new CheckpointTensor(t.Name, t.Values.Length))]);
        byte[] headerBytes = CanonicalJson.ToUtf8Bytes(JsonSerializer.SerializeToNode(header, CheckpointJsonContext.Default.CheckpointHeader));
        long total = Magic.Length + 4 + headerBytes.Length + tensors.Sum(t => (long)t.Values.Length * 4) + 32;
        var bytes = new byte[total];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerBytes.Length);
        headerBytes.CopyTo(bytes, 12);
        int offset = 12 + headerBytes.Length;
        foreach (var (_, values) in tensors)
        {
            foreach (float v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), v);
                offset += 4;
            }
        }

        SHA256.HashData(bytes.AsSpan(0, offset), bytes.AsSpan(offset));
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <exception cref="BadInputException">The file is missing, truncated, corrupted or of another format.</exception>
    public static (string Kind, JsonObject State, IReadOnlyDictionary<string, float[]> Tensors) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"checkpoint {path} does not exist.");
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 + 32 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new BadInputException($"checkpoint {path} is not a TrustScore training checkpoint (bad magic).");
        }

        int body = bytes.Length - 32;
        if (!SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body)))
        {
            throw new BadInputException($"checkpoint {path} is corrupted (SHA-256 mismatch).");
        }

        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (headerLength <= 0 || 12L + headerLength > body)
        {
            throw new BadInputException($"checkpoint {path} has a bad header length.");
        }

        try
        {
            var header = StrictJson.ParseNode(Encoding.UTF8.GetString(bytes, 12, headerLength)) as JsonObject
                ?? throw new BadInputException($"checkpoint {path} has no header object.");
            if ((string?)header["format"] != FormatName || (int?)header["version"] != FormatVersion)
            {
                throw new BadInputException($"checkpoint {path} has format {header["format"]} version {header["version"]}; expected {FormatName} version {FormatVersion}.");
            }

            var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            int offset = 12 + headerLength;
            foreach (var entry in header["tensors"]!.AsArray())
            {
                string name = (string)entry!["name"]!;
                int length = (int)entry["length"]!;
                if (length < 0 || offset + ((long)length * 4) > body)
                {
                    throw new BadInputException($"checkpoint {path}: tensor {name} runs past the end of the file.");
                }

                var values = new float[length];
                for (int c = 0; c < length; c++)
                {
                    values[c] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + (c * 4)));
                }

                offset += length * 4;
                tensors[name] = values;
            }

            if (offset != body)
            {
                throw new BadInputException($"checkpoint {path} has {body - offset} unexplained bytes.");
            }

            return ((string)header["kind"]!, header["state"]!.AsObject(), tensors);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or InvalidCastException or FormatException or NullReferenceException or OverflowException)
        {
            // A header that hashes right but was written by hand (the SHA-256 is no signature).
            throw new BadInputException($"checkpoint {path} has a malformed header: {ex.Message}", ex);
        }
    }

    /// <summary>The <paramref name="state"/> read by <see cref="Read"/>, as <paramref name="stateType"/>.</summary>
    /// <exception cref="BadInputException">A field is missing or of the wrong type.</exception>
    public static TState ReadState<TState>(string path, JsonObject state, JsonTypeInfo<TState> stateType)
    {
        try
        {
            return state.Deserialize(stateType) ?? throw new BadInputException($"checkpoint {path} has a null state.");
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"checkpoint {path} has a malformed state: {ex.Message}", ex);
        }
    }

    /// <summary>Exact text form of a float32 (its bit pattern in hex).</summary>
    public static string Bits(float value) => BitConverter.SingleToUInt32Bits(value).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Exact text form of a float64 (its bit pattern in hex).</summary>
    public static string Bits(double value) => BitConverter.DoubleToUInt64Bits(value).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses <see cref="Bits(float)"/>.</summary>
    public static float SingleFromBits(string hex) => BitConverter.UInt32BitsToSingle(Convert.ToUInt32(hex, 16));

    /// <summary>Parses <see cref="Bits(double)"/>.</summary>
    public static double DoubleFromBits(string hex) => BitConverter.UInt64BitsToDouble(Convert.ToUInt64(hex, 16));
}
