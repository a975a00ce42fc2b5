namespace TrustScore.Signing;

/// <summary>
/// Names inside an exported version directory (docs/formats.md §2–3; runbook §1.4):
/// <c>&lt;version&gt;/model/{model.onnx, conformance.json, feature_schema.json}</c>,
/// <c>&lt;version&gt;/manifest.json</c>, <c>&lt;version&gt;/export_metadata.json</c> and
/// <c>&lt;version&gt;/model.sig</c>. The model digest covers <c>model/</c> only.
/// </summary>
public static class VersionLayout
{
    /// <summary>The digested directory.</summary>
    public const string ModelDirectory = "model";

    /// <summary>The ONNX graph inside <see cref="ModelDirectory"/>.</summary>
    public const string ModelOnnx = "model.onnx";

    /// <summary>Conformance vectors inside <see cref="ModelDirectory"/>.</summary>
    public const string Conformance = "conformance.json";

    /// <summary>The feature layout inside <see cref="ModelDirectory"/>.</summary>
    public const string FeatureSchema = "feature_schema.json";

    /// <summary>The canonical-JSON manifest beside <see cref="ModelDirectory"/>.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>Timestamps, sizes and I/O signature of the export (not part of the digest; signed).</summary>
    public const string ExportMetadata = "export_metadata.json";

    /// <summary>The Sigstore bundle holding the DSSE-signed statement.</summary>
    public const string Signature = "model.sig";

    /// <summary>Every name a version directory may hold at its top level.</summary>
    public static IReadOnlyList<string> TopLevelNames { get; } = [ExportMetadata, Manifest, ModelDirectory, Signature];

    /// <summary>Path of the digested <c>model/</c> directory.</summary>
    public static string ModelPath(string versionDir) => Path.Combine(versionDir, ModelDirectory);

    /// <summary>Path of <c>manifest.json</c>.</summary>
    public static string ManifestPath(string versionDir) => Path.Combine(versionDir, Manifest);

    /// <summary>Path of <c>export_metadata.json</c>.</summary>
    public static string ExportMetadataPath(string versionDir) => Path.Combine(versionDir, ExportMetadata);

    /// <summary>Path of <c>model.sig</c>.</summary>
    public static string SignaturePath(string versionDir) => Path.Combine(versionDir, Signature);

    /// <summary>Path of <c>model/feature_schema.json</c>.</summary>
    public static string FeatureSchemaPath(string versionDir) => Path.Combine(versionDir, ModelDirectory, FeatureSchema);

    /// <summary>The version a directory holds: its own name.</summary>
    public static string VersionOf(string versionDir) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(versionDir)));
}
