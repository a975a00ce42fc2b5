namespace TrustScore.Config;

/// <summary>The <c>export</c> section (runbook §1.4).</summary>
public sealed record ExportSettings
{
    public required string ExportDir { get; init; }

    public required string VersionPrefix { get; init; }

    public required bool IncludeTimestamp { get; init; }

    public required bool IncludeOptimizer { get; init; }

    public required string SignatureName { get; init; }

    public required string InputName { get; init; }

    public required string OutputName { get; init; }

    /// <summary>Must be false: quantisation would break the bit-exact numerics contract.</summary>
    public required bool Quantize { get; init; }

    public required string QuantizationType { get; init; }

    public required bool ComputeHash { get; init; }

    /// <summary>Only <c>sha256</c> (the one model digest, docs/formats.md §1).</summary>
    public required string HashAlgorithm { get; init; }
}
