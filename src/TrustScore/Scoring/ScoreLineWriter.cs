using System.Globalization;
using System.Text;
using System.Text.Json;
using TrustScore.Consensus.Scoring;

namespace TrustScore.Scoring;

/// <summary>
/// Writes one line per scored row (docs/scoring.md): <c>sample_id</c>, <c>output</c> (the float32
/// output as its shortest round-trip decimal), <c>output_bits</c> (its exact IEEE-754 bits, 8 hex
/// digits) and <c>score</c> (the on-chain integer, by the model's sealed <see cref="ScoreRule"/>). JSON Lines keys
/// are sorted; CSV has a header.
/// </summary>
internal sealed class ScoreLineWriter
{
    private static readonly JsonWriterOptions LineOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly MemoryStream _buffer = new();
    private readonly bool _csv;
    private readonly ScoreRule _rule;

    public ScoreLineWriter(bool csv, ScoreRule rule)
    {
        _csv = csv;
        _rule = rule;
        if (csv)
        {
            Append("sample_id,output,output_bits,score\n");
        }
    }

    public void Write(string sampleId, float output)
    {
        string decimalText = output.ToString("R", CultureInfo.InvariantCulture);
        string bits = BitConverter.SingleToUInt32Bits(output).ToString("x8", CultureInfo.InvariantCulture);
        int score = _rule.ToScore(output);
        if (_csv)
        {
            Append($"{Quote(sampleId)},{decimalText},{bits},{score.ToString(CultureInfo.InvariantCulture)}\n");
            return;
        }

        using (var writer = new Utf8JsonWriter(_buffer, LineOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("output", decimalText);
            writer.WriteString("output_bits", bits);
            writer.WriteString("sample_id", sampleId);
            writer.WriteNumber("score", score);
            writer.WriteEndObject();
        }

        _buffer.WriteByte((byte)'\n');
    }

    public byte[] ToArray() => _buffer.ToArray();

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private void Append(string text) => _buffer.Write(Encoding.UTF8.GetBytes(text));
}
