namespace TrustScore.Scoring;

/// <summary>One input row to score, or the reason it cannot be scored.</summary>
/// <param name="Location">Where the row is, <c>file:line</c> (JSONL, CSV) or <c>file: row N</c> (Parquet).</param>
/// <param name="SampleId">The row's <c>sample_id</c>, or its 1-based ordinal when the input has none; null for a bad row.</param>
/// <param name="Features">The assembled, validated 768-float vector; null for a bad row.</param>
/// <param name="Error">One sentence starting with the location; null for a good row.</param>
public sealed record ScoreInput(string Location, string? SampleId, float[]? Features, string? Error)
{
    /// <summary>A row that cannot be scored.</summary>
    public static ScoreInput Bad(string location, string error) => new(location, null, null, error);
}
