using System.Runtime.InteropServices;
using System.Text.Json;
using TrustScore.Consensus.Numerics;
using TrustScore.Errors;

namespace TrustScore.Data;

/// <summary>Field access over one parsed JSON Lines object.</summary>
internal sealed class JsonlRecordFields(JsonElement obj, RecordLocation location) : IRecordFields
{
    public RecordLocation Location { get; } = location;

    public bool Has(string name) => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string GetString(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType(name, "a string", v);
    }

    public string? GetNullableString(string name)
    {
        var v = Get(name);
        return v.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => v.GetString(),
            _ => throw WrongType(name, "a string or null", v),
        };
    }

    public double GetNumber(string name) => Number(name, Get(name));

    public float GetFloat(string name) => Float(name, Get(name));

    public int GetInteger(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw WrongType(name, "an integer", v);
    }

    public bool GetBool(string name)
    {
        var v = Get(name);
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw WrongType(name, "true or false", v);
    }

    public float[] GetFloats(string name)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array of numbers", v);
        }

        var result = new float[v.GetArrayLength()];
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            result[i] = Float($"{name}[{i}]", item);
            i++;
        }

        return result;
    }

    public IReadOnlyList<string> GetStringList(string name)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array of strings", v);
        }

        var result = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            result.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw WrongType(name, "an array of strings", item));
        }

        return result;
    }

    private double Number(string name, JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(name, "a number", v);
        }

        if (!v.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            throw RecordBuilder.Fail(this, name, $"is {v.GetRawText()}, which is not a finite number");
        }

        return d;
    }

    /// <summary>The token's decimal text rounded once to binary32 (never via binary64).</summary>
    private float Float(string name, JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(name, "a number", v);
        }

        return Binary32Text.TryParse(JsonMarshal.GetRawUtf8Value(v), out float f)
            ? f
            : throw RecordBuilder.Fail(this, name, $"is {Truncate(v.GetRawText())}, which is not a finite number as float32");
    }

    private JsonElement Get(string name) =>
        obj.TryGetProperty(name, out var v) ? v : throw new BadInputException($"{Location}: required field '{name}' is missing.");

    private BadInputException WrongType(string name, string expected, JsonElement found)
    {
        string shown = found.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{Truncate(found.GetString()!)}\"",
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => Truncate(found.GetRawText()),
        };
        return RecordBuilder.Fail(this, name, $"must be {expected}, found {shown}");
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
