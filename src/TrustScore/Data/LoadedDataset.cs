namespace TrustScore.Data;

/// <summary>The result of <see cref="DatasetLoader.Load"/>: three splits, the filter report and the manifest.</summary>
public sealed record LoadedDataset
{
    public required DatasetSplit Train { get; init; }

    public required DatasetSplit Validation { get; init; }

    public required DatasetSplit Test { get; init; }

    public required FilterReport Filters { get; init; }

    public required DatasetManifest Manifest { get; init; }

    /// <summary>Things a human should know (e.g. the public development salt is in use), one sentence each.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
