namespace TrustScore.Data;

/// <summary>
/// Where a record came from: a JSONL line or a Parquet row (1-based), or a named item with no line
/// (index 0: a serving request's instance, e.g. <c>instances[2]</c>), for error messages.
/// </summary>
/// <param name="File">The file's path as given.</param>
/// <param name="Index">1-based line (JSONL) or row (Parquet) number.</param>
/// <param name="IsRow">True for a Parquet row, false for a JSONL line.</param>
public sealed record RecordLocation(string File, long Index, bool IsRow)
{
    public override string ToString() => Index <= 0 ? File : IsRow ? $"{File}: row {Index}" : $"{File}:{Index}";

    /// <summary>A named item without a line number (a serving request's instance).</summary>
    public static RecordLocation Named(string label) => new(label, 0, IsRow: false);
}
