namespace TrustScore.Governance;

/// <summary>Inputs of <see cref="ProposalBuilder.Create(ProposalOptions)"/> (<c>trustscore proposal create</c>).</summary>
public sealed record ProposalOptions
{
    /// <summary>The exported version's manifest.json (or its version directory).</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Where validators download the model: registry path, file://, s3://, https:// or ipfs://.</summary>
    public required string ModelUrl { get; init; }

    /// <summary>The target chain.</summary>
    public required ChainProfile Profile { get; init; }

    /// <summary>S3 endpoint for s3:// model URLs (e.g. a local S3 server); null or empty for AWS.</summary>
    public string? S3Endpoint { get; init; }

    /// <summary>Read an s3:// model URL's registry back and compare it with the manifest (default); false checks the URL's form only.</summary>
    public bool FetchS3Artifact { get; init; } = true;

    /// <summary>The previous version directory, for the metrics comparison; optional.</summary>
    public string? PreviousVersionDirectory { get; init; }

    /// <summary>Where proposal_metadata.json will be published; default: next to the model archive.</summary>
    public string? MetadataUrl { get; init; }

    /// <summary>Deposit override (must be at least the profile's minimum, in its denom).</summary>
    public string? Deposit { get; init; }

    /// <summary>Authors recorded in the off-chain metadata.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [ProposalBuilder.DefaultAuthor];

    /// <summary>Forum URL override (default: the profile's).</summary>
    public string? ForumUrl { get; init; }

    /// <summary>
    /// A directory holding <c>impact_report.json</c> from <c>trustscore diff --out</c>; its SHA-256
    /// and headline numbers go into the metadata. Optional.
    /// </summary>
    public string? ImpactDirectory { get; init; }

    /// <summary>Ask for an expedited proposal (SDK 0.50+ only).</summary>
    public bool Expedited { get; init; }
}
