using System.Globalization;
using System.Text;

namespace TrustScore.Receipts;

/// <summary>
/// Writes the compact JSON of the receipt envelopes byte for byte as the node does (Go's
/// <c>encoding/json</c> over a struct): no whitespace, fields in the order written, integers in
/// plain decimal, booleans <c>true</c>/<c>false</c>, byte strings as standard padded base64.
/// Strings must be printable ASCII (the node's receipt rules allow nothing else); <c>"</c> and
/// <c>\</c> are backslash-escaped and <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> become
/// <c>\u003c</c> <c>\u003e</c> <c>\u0026</c>, as Go writes them.
/// </summary>
internal sealed class EnvelopeJsonWriter
{
    private readonly StringBuilder _text = new(2048);
    private bool _needComma;

    public EnvelopeJsonWriter StartObject()
    {
        Separator();
        _text.Append('{');
        _needComma = false;
        return this;
    }

    public EnvelopeJsonWriter EndObject()
    {
        _text.Append('}');
        _needComma = true;
        return this;
    }

    public EnvelopeJsonWriter Name(string name)
    {
        Separator();
        AppendString(name);
        _text.Append(':');
        _needComma = false;
        return this;
    }

    public EnvelopeJsonWriter String(string name, string value)
    {
        Name(name);
        AppendString(value);
        _needComma = true;
        return this;
    }

    public EnvelopeJsonWriter Integer(string name, long value) => Raw(name, value.ToString(CultureInfo.InvariantCulture));

    public EnvelopeJsonWriter Unsigned(string name, ulong value) => Raw(name, value.ToString(CultureInfo.InvariantCulture));

    public EnvelopeJsonWriter Boolean(string name, bool value) => Raw(name, value ? "true" : "false");

    public EnvelopeJsonWriter Bytes(string name, byte[] value) => String(name, Convert.ToBase64String(value));

    public EnvelopeJsonWriter Strings(string name, IReadOnlyList<string> values)
    {
        Name(name);
        _text.Append('[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            AppendString(values[i]);
        }

        _text.Append(']');
        _needComma = true;
        return this;
    }

    /// <summary>The UTF-8 (here: ASCII) bytes written so far.</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(_text.ToString());

    private EnvelopeJsonWriter Raw(string name, string literal)
    {
        Name(name);
        _text.Append(literal);
        _needComma = true;
        return this;
    }

    private void Separator()
    {
        if (_needComma)
        {
            _text.Append(',');
        }
    }

    private void AppendString(string value)
    {
        _text.Append('"');
        foreach (char c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                throw new ArgumentException($"Receipt strings must be printable ASCII; found U+{(int)c:X4}.", nameof(value));
            }

            switch (c)
            {
                case '"':
                    _text.Append("\\\"");
                    break;
                case '\\':
                    _text.Append("\\\\");
                    break;
                case '<':
                    _text.Append("\\u003c");
                    break;
                case '>':
                    _text.Append("\\u003e");
                    break;
                case '&':
                    _text.Append("\\u0026");
                    break;
                default:
                    _text.Append(c);
                    break;
            }
        }

        _text.Append('"');
    }
}
