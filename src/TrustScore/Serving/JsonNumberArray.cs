using TrustScore.Consensus.Numerics;

namespace TrustScore.Serving;

/// <summary>
/// Reads a JSON array of numbers (flat or nested, like an Open Inference <c>data</c> tensor)
/// straight from the UTF-8 bytes, without a <c>Utf8JsonReader</c> token per number: the bulk of a
/// batch request is tens of thousands of numbers, and stepping a general reader through each of
/// them cost more than converting them. It accepts exactly JSON's grammar (RFC 8259: numbers
/// <c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>, white space, commas, nested arrays) and
/// converts every number with <see cref="Binary32Text"/>, the one text → binary32 rounding
/// (docs/numerics.md §11), so the values are bit for bit those of the general path.
/// </summary>
internal static class JsonNumberArray
{
    /// <summary>
    /// Reads the array opening at <paramref name="start"/> (a <c>[</c>) into <paramref name="values"/>
    /// and returns the index of its closing <c>]</c>.
    /// </summary>
    /// <param name="json">The whole JSON text.</param>
    /// <param name="start">Index of the opening bracket.</param>
    /// <param name="maxNesting">How many arrays deep the data may nest (the reader's depth limit left over).</param>
    /// <param name="values">Receives the numbers in order.</param>
    /// <param name="maxValues">More values than this is refused (--max-batch).</param>
    /// <param name="label">The field's name in error messages, e.g. <c>inputs[0].data</c>.</param>
    /// <exception cref="ServingRequestException">400: not JSON, not a number, or too many values.</exception>
    public static int Read(ReadOnlySpan<byte> json, int start, int maxNesting, FloatRows values, long maxValues, string label)
    {
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
                        throw NotJson($"{label} nests arrays more than {maxNesting} deep");
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
                    int end = NumberEnd(json, i, label);
                    if (values.Length >= maxValues)
                    {
                        throw JsonBody.Bad($"{label} has more than {maxValues} values; at most {maxValues / TrustScore.Data.FeatureSchema.Dimension} rows are accepted per request (--max-batch)");
                    }

                    // Not finite as binary32 (beyond its range): refused by schema validation, as on every path.
                    values.Add(Binary32Text.TryParse(json[i..end], out float value) ? value : float.PositiveInfinity);
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
                throw kind is null ? NotJson($"unexpected '{(char)c}' in {label}") : JsonBody.Bad($"{label}[{values.Length}] is {kind}; expected a number");
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

    /// <summary>The end of the JSON number starting at <paramref name="i"/>, checked against the grammar.</summary>
    private static int NumberEnd(ReadOnlySpan<byte> json, int i, string label)
    {
        int start = i;
        if (json[i] == '-')
        {
            i++;
        }

        if (i < json.Length && json[i] == '0')
        {
            i++;
        }
        else if (i < json.Length && IsDigit(json[i]))
        {
            i = Digits(json, i);
        }
        else
        {
            throw BadNumber(json, start, i, label);
        }

        if (i < json.Length && json[i] == '.')
        {
            int fraction = i + 1;
            i = Digits(json, fraction);
            if (i == fraction)
            {
                throw BadNumber(json, start, i, label);
            }
        }

        if (i < json.Length && (json[i] == 'e' || json[i] == 'E'))
        {
            i++;
            if (i < json.Length && (json[i] == '+' || json[i] == '-'))
            {
                i++;
            }

            int exponent = i;
            i = Digits(json, exponent);
            if (i == exponent)
            {
                throw BadNumber(json, start, i, label);
            }
        }

        // A number ends at white space, ',' or ']' (or the end, caught by the caller); "01" or "1x" are not JSON.
        if (i < json.Length && !(json[i] is (byte)',' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
        {
            throw BadNumber(json, start, i + 1, label);
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && IsDigit(json[i]))
        {
            i++;
        }

        return i;
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

    private static ServingRequestException BadNumber(ReadOnlySpan<byte> json, int start, int end, string label) =>
        NotJson($"'{System.Text.Encoding.UTF8.GetString(json[start..Math.Min(end, json.Length)])}' in {label} is not a JSON number");

    private static ServingRequestException NotJson(string why) => JsonBody.Bad($"the body is not valid JSON: {why}");
}
