using Parquet.Schema;

namespace TrustScore.Data;

/// <summary>The Parquet column set of the VEID record format (docs/dataset-format.md), shared by reader and writer.</summary>
internal static class ParquetLayout
{
    /// <summary>Columns every file has.</summary>
    public static IReadOnlyList<(string Name, Type Type)> Common { get; } =
    [
        (VeidColumns.SampleId, typeof(string)),
        (VeidColumns.DocumentType, typeof(string)),
        (VeidColumns.TrustScore, typeof(double)),
        (VeidColumns.IsGenuine, typeof(bool)),
        (VeidColumns.FraudType, typeof(string)),
        (VeidColumns.FaceConfidence, typeof(double)),
        (VeidColumns.DocumentQualityScore, typeof(double)),
        (VeidColumns.OcrConfidence, typeof(double)),
    ];

    /// <summary>Columns scoring needs besides <see cref="Structured"/>: the two quality fields the feature assembler uses (no labels).</summary>
    public static IReadOnlyList<(string Name, Type Type)> ScoringInputs { get; } =
    [
        (VeidColumns.FaceConfidence, typeof(double)),
        (VeidColumns.DocumentQualityScore, typeof(double)),
    ];

    /// <summary>Columns of the structured form (instead of <c>features</c>).</summary>
    public static IReadOnlyList<(string Name, Type Type)> Structured { get; } = BuildStructured();

    /// <summary>The precomputed-vector column.</summary>
    public static (string Name, Type Type) Precomputed { get; } = (VeidColumns.Features, typeof(byte[]));

    /// <summary>The schema the writer uses for structured records.</summary>
    public static ParquetSchema StructuredSchema() =>
        new(Common.Concat(Structured).Select(c => (Field)new DataField(c.Name, c.Type, isNullable: c.Type != typeof(byte[]) && c.Type != typeof(string) ? true : null)).ToArray());

    private static List<(string, Type)> BuildStructured()
    {
        var list = new List<(string, Type)>
        {
            (VeidColumns.FaceEmbedding, typeof(byte[])),
            (VeidColumns.Sharpness, typeof(double)),
            (VeidColumns.Brightness, typeof(double)),
            (VeidColumns.Contrast, typeof(double)),
            (VeidColumns.NoiseLevel, typeof(double)),
            (VeidColumns.BlurScore, typeof(double)),
        };
        foreach (string field in FeatureSchema.OcrFields)
        {
            list.Add((VeidColumns.OcrFieldConfidence(field), typeof(double)));
            list.Add((VeidColumns.OcrFieldValidated(field), typeof(bool)));
        }

        list.Add((VeidColumns.ScopeTypes, typeof(string)));
        list.Add((VeidColumns.ScopeCount, typeof(int)));
        return list;
    }
}
