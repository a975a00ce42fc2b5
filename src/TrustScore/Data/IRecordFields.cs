namespace TrustScore.Data;

/// <summary>
/// Typed access to one record's fields, implemented once per file format. Each getter throws a
/// <see cref="Errors.BadInputException"/> naming the location and field when the field is missing
/// or has the wrong type, so both formats report errors the same way.
/// </summary>
internal interface IRecordFields
{
    RecordLocation Location { get; }

    bool Has(string name);

    string GetString(string name);

    string? GetNullableString(string name);

    double GetNumber(string name);

    /// <summary>A number that becomes a binary32 feature: decimal text is rounded once (docs/numerics.md §11).</summary>
    float GetFloat(string name);

    int GetInteger(string name);

    bool GetBool(string name);

    /// <summary>Binary32 values; decimal text is rounded once per value (docs/numerics.md §11).</summary>
    float[] GetFloats(string name);

    IReadOnlyList<string> GetStringList(string name);
}
