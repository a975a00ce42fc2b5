namespace TrustScore.Scoring;

/// <summary>File formats <c>trustscore score</c> reads, chosen by file extension.</summary>
public enum ScoreInputFormat
{
    /// <summary><c>.jsonl</c>, <c>.ndjson</c>: one JSON object (record) or array (768-float vector) per line.</summary>
    Jsonl,

    /// <summary><c>.csv</c>: a header row, then one record or vector per line.</summary>
    Csv,

    /// <summary><c>.parquet</c>: the dataset's columns (docs/dataset-format.md), labels optional.</summary>
    Parquet,
}
