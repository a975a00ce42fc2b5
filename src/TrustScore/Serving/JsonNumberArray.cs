using System.Text.Json;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Serving;

/// <summary>
/// Reads a JSON array of numbers (flat or nested, like an Open Inference <c>data</c> tensor)
/// straight from the UTF-8 bytes, without a <c>Utf8JsonReader</c> token per number: the bulk of a
/// batch request is tens of thousands of numbers, and stepping a general reader through each of
/// them cost more than converting them. It accepts exactly JSON's grammar (RFC 8259: numbers
/// <c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>, white space, commas, nested arrays) and
/// converts every number with <see cref="Binary32Text.TryParseJsonNumber"/>, the one text →
/// binary32 rounding (docs/numerics.md §11) in a single pass over its bytes, so the values are bit
/// for bit those of the general path.
/// </summary>
internal static class JsonNumberArray
{
    /// <summary>
    /// Reads the array <paramref name="reader"/> stands on (its <c>[</c>) with <see cref="Read"/>,
    /// then restarts the reader on the closing <c>]</c> with its state at the opening one — to the
    /// reader, an empty array — and steps onto that bracket, where a reader that had read every
    /// number would stand. <paramref name="offset"/> is where the reader's span starts in
    /// <paramref name="json"/>; it moves with each restart.
    /// </summary>
    /// <returns>How many values were read.</returns>
    public static int ReadAt(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref int offset, int maxNesting, FloatRows values, long maxCount, string label, string tooMany)
    {
        int before = values.Length;
        int close = Read(json, offset + (int)reader.TokenStartIndex, maxNesting, values, maxCount, label, tooMany);
        reader = new Utf8JsonReader(json[close..], isFinalBlock: true, reader.CurrentState);
        offset = close;
        JsonBody.Next(ref reader);
        return values.Length - before;
    }

    /// <summary>
    /// Reads the array opening at <paramref name="start"/> (a <c>[</c>), appending its numbers to
    /// <paramref name="values"/>, and returns the index of its closing <c>]</c>.
    /// </summary>
    /// <param name="json">The whole JSON text.</param>
    /// <param name="start">Index of the opening bracket.</param>
    /// <param name="maxNesting">How many arrays deep the numbers may nest (1: a flat array).</param>
    /// <param name="values">Receives the numbers in order.</param>
    /// <param name="maxCount">More numbers than this in the array is refused with <paramref name="tooMany"/>.</param>
    /// <param name="label">The array's name in error messages, e.g. <c>inputs[0].data</c>; elements are <c>label[i]</c>.</param>
    /// <param name="tooMany">The refusal when the array holds more than <paramref name="maxCount"/> numbers.</param>
    /// <exception cref="ServingRequestException">400: not JSON, not a number, or too many values.</exception>
    public static int Read(ReadOnlySpan<byte> json, int start, int maxNesting, FloatRows values, long maxCount, string label, string tooMany)
    {
        int first = values.Length;
        int depth = 1;
        int i = start + 1;
        bool expectValue = true; // after '[' or ','
        bool afterComma = false;
        while (true)
        {
            i = SkipWhiteSpace(json, i);
            if (i >= json.Length)
            {
                throw NotJson($"it ends inside {label}");
            }

            byte c = json[i];
            if (expectValue)
            {
                if (c == '[')
                {
                    if (++depth > maxNesting)
                    {
                        throw JsonBody.Bad($"{label}[{values.Length - first}] is an array (nested more than {maxNesting} deep); expected a number");
                    }

                    i++;
                    afterComma = false;
                    continue;
                }

                if (c == ']' && !afterComma)
                {
                    expectValue = false; // an empty array; closed below
                    continue;
                }

                if (c == '-' || IsDigit(c))
                {
                    bool finite = Binary32Text.TryParseJsonNumber(json[i..], out float value, out int length);
                    int end = i + length;
                    // A number ends at white space, ',' or ']' (or the end, caught above); "01" or "1x" are not JSON.
                    if (length == 0 || (end < json.Length && !(json[end] is (byte)',' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')))
                    {
                        throw BadNumber(json, i, label);
                    }

                    if (values.Length - first >= maxCount)
                    {
                        throw JsonBody.Bad(tooMany);
                    }

                    // Not finite as binary32 (beyond its range): refused by schema validation, as on every path.
                    values.Add(finite ? value : float.PositiveInfinity);
                    i = end;
                    expectValue = false;
                    continue;
                }

                string? kind = c switch
                {
                    (byte)'"' => "a string",
                    (byte)'{' => "an object",
                    (byte)'t' or (byte)'f' => "a boolean",
                    (byte)'n' => "null",
                    _ => null,
                };
                throw kind is null ? NotJson($"unexpected '{(char)c}' in {label}") : JsonBody.Bad($"{label}[{values.Length - first}] is {kind}; expected a number");
            }

            if (c == ',')
            {
                i++;
                expectValue = true;
                afterComma = true;
            }
            else if (c == ']')
            {
                if (--depth == 0)
                {
                    return i;
                }

                i++;
                afterComma = false;
            }
            else
            {
                throw NotJson($"unexpected '{(char)c}' in {label}; expected ',' or ']'");
            }
        }
    }

    private static int SkipWhiteSpace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>Names the malformed number: the bytes from its start up to the next delimiter (at most 40).</summary>
    private static ServingRequestException BadNumber(ReadOnlySpan<byte> json, int start, string label)
    {
        int end = start + 1;
        while (end < json.Length && end - start < 40 && !(json[end] is (byte)',' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
        {
            end++;
        }

        return NotJson($"'{System.Text.Encoding.UTF8.GetString(json[start..end])}' in {label} is not a JSON number");
    }

    private static ServingRequestException NotJson(string why) => JsonBody.Bad($"the body is not valid JSON: {why}");
}
