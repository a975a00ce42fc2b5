namespace TrustScore.Data;

/// <summary>Where a record came from: a JSONL line or a Parquet row (1-based), for error messages.</summary>
/// <param name="File">The file's path as given.</param>
/// <param name="Index">1-based line (JSONL) or row (Parquet) number.</param>
/// <param name="IsRow">True for a Parquet row, false for a JSONL line.</param>
public sealed record RecordLocation(string File, long Index, bool IsRow)
{
    public override string ToString() => IsRow ? $"{File}: row {Index}" : $"{File}:{Index}";
}
