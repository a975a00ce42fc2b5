using System.Buffers.Binary;
using System.Text;

namespace TrustScore.Training;

/// <summary>
/// A dependency-free TensorBoard event-file writer (runbook §1.4). Each record is TFRecord
/// framed: u64 LE length, masked CRC-32C of the 8 length bytes, the payload, masked CRC-32C of
/// the payload. Payloads are <c>tensorflow.Event</c> protos: wall_time (field 1, double), step
/// (2, int64), file_version (3, string) or summary (5: Summary{ value (1): Value{ tag (1),
/// simple_value (2, float) } }). The first record is <c>file_version = "brain.Event:2"</c>.
/// Records are appended and flushed; a reader sees whole records up to the last flush.
/// </summary>
public sealed class TfEventsWriter : IDisposable
{
    private readonly FileStream stream;

    /// <summary>Creates <c>events.out.tfevents.{unix seconds}.trustscore.v2</c> in <paramref name="directory"/>.</summary>
    public TfEventsWriter(string directory, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        string name = $"events.out.tfevents.{now.ToUnixTimeSeconds()}.trustscore.v2";
        Path = System.IO.Path.Combine(directory, name);
        for (int attempt = 1; File.Exists(Path); attempt++)
        {
            Path = System.IO.Path.Combine(directory, $"events.out.tfevents.{now.ToUnixTimeSeconds()}.trustscore.{attempt}.v2");
        }

        stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        WriteRecord(EncodeFileVersion(now));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The event file's path.</summary>
    public string Path { get; }

    /// <summary>Wall time in Unix seconds, as TensorBoard expects.</summary>
    public static double WallTime(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Appends one scalar summary and flushes it.</summary>
    public void WriteScalar(string tag, float value, long step, DateTimeOffset time)
    {
        WriteRecord(EncodeScalar(tag, value, step, WallTime(time)));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Frames <paramref name="payload"/> as one TFRecord.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var record = new byte[8 + 4 + payload.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Crc32C.Mask(Crc32C.Compute(record.AsSpan(0, 8))));
        payload.CopyTo(record.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12 + payload.Length), Crc32C.Mask(Crc32C.Compute(payload)));
        return record;
    }

    /// <summary>Event{wall_time, file_version = "brain.Event:2"}.</summary>
    public static byte[] EncodeFileVersion(DateTimeOffset now)
    {
        var w = new ProtoWriter();
        w.Double(1, WallTime(now));
        w.String(3, "brain.Event:2");
        return w.ToArray();
    }

    /// <summary>Event{wall_time, step, summary{value{tag, simple_value}}}.</summary>
    public static byte[] EncodeScalar(string tag, float value, long step, double wallTime)
    {
        var v = new ProtoWriter();
        v.String(1, tag);
        v.Float(2, value);
        var summary = new ProtoWriter();
        summary.Message(1, v.ToArray());
        var e = new ProtoWriter();
        e.Double(1, wallTime);
        e.Varint(2, (ulong)step);
        e.Message(5, summary.ToArray());
        return e.ToArray();
    }

    public void Dispose() => stream.Dispose();

    private void WriteRecord(byte[] payload) => stream.Write(Frame(payload));

    /// <summary>Minimal protobuf encoder for the few wire types an Event needs.</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream buffer = new();

        public void Double(int field, double value)
        {
            Tag(field, 1);
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, value);
            buffer.Write(b);
        }

        public void Float(int field, float value)
        {
            Tag(field, 5);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, value);
            buffer.Write(b);
        }

        public void Varint(int field, ulong value)
        {
            Tag(field, 0);
            RawVarint(value);
        }

        public void String(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

        public void Message(int field, byte[] bytes)
        {
            Tag(field, 2);
            RawVarint((ulong)bytes.Length);
            buffer.Write(bytes);
        }

        public byte[] ToArray() => buffer.ToArray();

        private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

        private void RawVarint(ulong value)
        {
            while (value >= 0x80)
            {
                buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            buffer.WriteByte((byte)value);
        }
    }
}
