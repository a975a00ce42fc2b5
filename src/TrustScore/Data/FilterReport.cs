namespace TrustScore.Data;

/// <summary>
/// What ingestion did to the records, in order: each record is counted once, under the first rule
/// that dropped it (doc-type filter, then face, document and OCR quality filters), then class
/// balancing and <c>max_samples</c> (docs/dataset-format.md, "Ingestion").
/// </summary>
public sealed record FilterReport
{
    public required long RecordsRead { get; init; }

    public required long DroppedByDocType { get; init; }

    public required long DroppedByMinFaceConfidence { get; init; }

    public required long DroppedByMinDocQuality { get; init; }

    public required long DroppedByMinOcrConfidence { get; init; }

    /// <summary>Genuine and fraud counts after the filters, before balancing.</summary>
    public required long GenuineAfterFilters { get; init; }

    public required long FraudAfterFilters { get; init; }

    public required long DroppedByClassBalancing { get; init; }

    public required long DroppedByMaxSamples { get; init; }

    public required long Kept { get; init; }
}
