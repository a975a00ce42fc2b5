namespace TrustScore.Data;

/// <summary>
/// One split (train, validation or test) as contiguous arrays, ordered by anonymised id:
/// <see cref="Features"/> is [Count, 768] row-major float32, <see cref="Labels"/> is [Count].
/// </summary>
public sealed record DatasetSplit
{
    /// <summary><c>train</c>, <c>validation</c> or <c>test</c>.</summary>
    public required string Name { get; init; }

    public int Count => Labels.Length;

    /// <summary>[Count, 768] row-major.</summary>
    public required float[] Features { get; init; }

    /// <summary>[Count] trust scores, 0–100, as float32.</summary>
    public required float[] Labels { get; init; }

    /// <summary>[Count] per-sample document type (the evaluation reports per type).</summary>
    public required string[] DocumentTypes { get; init; }

    /// <summary>[Count] per-sample genuine (true) / fraud (false) flag.</summary>
    public required bool[] IsGenuine { get; init; }

    /// <summary>[Count] anonymised ids (hex HMAC-SHA256 of the sample id), ascending ordinal.</summary>
    public required string[] AnonymizedIds { get; init; }

    /// <summary>Hex SHA-256 over the split's samples (docs/dataset-format.md, "Split digest").</summary>
    public required string Digest { get; init; }

    /// <summary>The feature row of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * FeatureSchema.Dimension, FeatureSchema.Dimension);
}
