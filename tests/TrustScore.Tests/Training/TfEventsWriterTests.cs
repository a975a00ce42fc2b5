using System.Buffers.Binary;
using System.Text;
using TrustScore.Training;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Training;

/// <summary>Golden vectors (docs/test-vectors.md) and an independent reader for the written event files.</summary>
public sealed class TfEventsWriterTests
{
    [Fact]
    public void Crc32C_MatchesGoldenVector()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Frame_Hello_MatchesGoldenRecord()
    {
        Assert.Equal("0500000000000000eab2043e68656c6c6fbb1f1c19", Convert.ToHexStringLower(TfEventsWriter.Frame("hello"u8)));
    }

    [Fact]
    public void WrittenFile_ParsesWithIndependentReader()
    {
        using var dir = new TempDirectory();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);
        string path;
        using (var writer = new TfEventsWriter(dir.Path, start))
        {
            writer.WriteScalar("epoch_loss", 12.5f, 0, start.AddSeconds(1));
            writer.WriteScalar("epoch_mae", 3.25f, 1, start.AddSeconds(2));
            path = writer.Path;
        }

        Assert.Contains("tfevents", Path.GetFileName(path), StringComparison.Ordinal);
        var events = ReadRecords(File.ReadAllBytes(path)).Select(DecodeEvent).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(1_700_000_000.25, events[0].WallTime);
        Assert.Equal(("epoch_loss", 12.5f, 0L), (events[1].Tag, events[1].Value, events[1].Step));
        Assert.Equal(1_700_000_001.25, events[1].WallTime);
        Assert.Equal(("epoch_mae", 3.25f, 1L), (events[2].Tag, events[2].Value, events[2].Step));
    }

    [Fact]
    public void Reader_RejectsCorruptedPayload()
    {
        var record = TfEventsWriter.Frame("hello"u8);
        record[13] ^= 1;
        Assert.Throws<InvalidDataException>(() => ReadRecords(record).ToList());
    }

    // --- Independent reader: TFRecord framing with both masked CRCs, then a protobuf walk. ---
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        // Bitwise reflected CRC-32C (polynomial 0x82F63B78), deliberately not the product's code path.
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }

    private static IEnumerable<byte[]> ReadRecords(byte[] file)
    {
        int offset = 0;
        while (offset < file.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(offset));
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8)) != Crc(file.AsSpan(offset, 8)))
            {
                throw new InvalidDataException("length CRC mismatch");
            }

            var payload = file.AsSpan(offset + 12, (int)length).ToArray();
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length)) != Crc(payload))
            {
                throw new InvalidDataException("payload CRC mismatch");
            }

            offset += 12 + (int)length + 4;
            yield return payload;
        }
    }

    private sealed record Event(double WallTime, long Step, string? FileVersion, string? Tag, float Value);

    private static Event DecodeEvent(byte[] payload)
    {
        double wall = 0;
        long step = 0;
        string? version = null, tag = null;
        float value = float.NaN;
        foreach (var (field, wire, bytes, varint) in Fields(payload))
        {
            switch (field, wire)
            {
                case (1, 1): wall = BinaryPrimitives.ReadDoubleLittleEndian(bytes); break;
                case (2, 0): step = (long)varint; break;
                case (3, 2): version = Encoding.UTF8.GetString(bytes); break;
                case (5, 2):
                    foreach (var (sf, _, sBytes, _) in Fields(bytes))
                    {
                        Assert.Equal(1, sf);
                        foreach (var (vf, vw, vBytes, _) in Fields(sBytes))
                        {
                            if (vf == 1 && vw == 2) { tag = Encoding.UTF8.GetString(vBytes); }
                            if (vf == 2 && vw == 5) { value = BinaryPrimitives.ReadSingleLittleEndian(vBytes); }
                        }
                    }

                    break;
                default: throw new InvalidDataException($"unexpected field {field} wire {wire}");
            }
        }

        return new Event(wall, step, version, tag, value);
    }

    private static List<(int Field, int Wire, byte[] Bytes, ulong Varint)> Fields(byte[] message)
    {
        var result = new List<(int, int, byte[], ulong)>();
        int i = 0;
        ulong ReadVarint()
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = message[i++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) { return v; }
            }
        }

        while (i < message.Length)
        {
            ulong key = ReadVarint();
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: result.Add((field, wire, [], ReadVarint())); break;
                case 1: result.Add((field, wire, message[i..(i + 8)], 0)); i += 8; break;
                case 5: result.Add((field, wire, message[i..(i + 4)], 0)); i += 4; break;
                case 2:
                    int len = (int)ReadVarint();
                    result.Add((field, wire, message[i..(i + len)], 0));
                    i += len;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }

        return result;
    }
}
