namespace TrustScore.Data;

/// <summary>File format written by <see cref="SyntheticDataset"/>.</summary>
public enum SyntheticFormat
{
    /// <summary>JSON Lines, <c>veid_synthetic.jsonl</c>.</summary>
    Jsonl,

    /// <summary>Parquet, <c>veid_synthetic.parquet</c>.</summary>
    Parquet,
}
