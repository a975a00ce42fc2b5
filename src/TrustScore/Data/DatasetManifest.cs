using System.Text.Json.Nodes;
using TrustScore.IO;

namespace TrustScore.Data;

/// <summary>
/// The dataset's identity (docs/dataset-format.md, "Manifest"): per-file SHA-256 and record counts,
/// the feature schema digest, the ingestion settings, the filter report, split counts and digests
/// and the anonymisation salt commitment (never the salt). <see cref="DatasetDigest"/> is the
/// SHA-256 of the canonical JSON of everything else and goes into the model manifest.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>Format identifier of this manifest.</summary>
    public const string FormatVersion = "trustscore.dataset-manifest/v1";

    public required string DatasetVersion { get; init; }

    public required IReadOnlyList<DatasetFileEntry> Files { get; init; }

    public required long TotalRecords { get; init; }

    public required string FeatureSchemaVersion { get; init; }

    public required string FeatureSchemaDigest { get; init; }

    /// <summary>The ingestion settings that shaped the dataset (from the config's <c>dataset</c> section).</summary>
    public required JsonObject Ingestion { get; init; }

    public required FilterReport Filters { get; init; }

    public required IReadOnlyList<SplitDigest> Splits { get; init; }

    /// <summary>Hex SHA-256 of "trustscore-salt-commitment-v1\0" followed by the salt bytes.</summary>
    public required string SaltCommitment { get; init; }

    /// <summary><c>file</c>, <c>public-development-salt</c> or <c>none</c> (anonymisation off).</summary>
    public required string SaltSource { get; init; }

    /// <summary>Hex SHA-256 of the canonical JSON of this manifest without the <c>dataset_digest</c> field.</summary>
    public string DatasetDigest => CanonicalJson.Sha256Hex(BodyNode());

    /// <summary>The full manifest (including <c>dataset_digest</c>) as canonical JSON.</summary>
    public string ToCanonicalJson()
    {
        var node = BodyNode();
        node["dataset_digest"] = DatasetDigest;
        return CanonicalJson.ToText(node);
    }

    /// <summary>The manifest's fields except <c>dataset_digest</c>.</summary>
    public JsonObject BodyNode()
    {
        var files = new JsonArray();
        foreach (var f in Files)
        {
            files.Add(new JsonObject
            {
                ["path"] = f.Path,
                ["root"] = f.Root,
                ["format"] = f.Format,
                ["sha256"] = f.Sha256,
                ["records"] = f.Records,
            });
        }

        var splits = new JsonObject();
        foreach (var s in Splits)
        {
            splits[s.Name] = new JsonObject { ["count"] = s.Count, ["digest"] = s.Digest };
        }

        return new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["dataset_version"] = DatasetVersion,
            ["files"] = files,
            ["total_records"] = TotalRecords,
            ["feature_schema"] = new JsonObject { ["version"] = FeatureSchemaVersion, ["digest"] = FeatureSchemaDigest },
            ["ingestion"] = Ingestion.DeepClone(),
            ["filters"] = FilterNode(Filters),
            ["splits"] = splits,
            ["anonymization"] = new JsonObject { ["salt_commitment"] = SaltCommitment, ["salt_source"] = SaltSource },
        };
    }

    /// <summary>The filter report as JSON (also used by <c>dataset inspect --json</c>).</summary>
    public static JsonObject FilterNode(FilterReport r) => new()
    {
        ["records_read"] = r.RecordsRead,
        ["dropped_by_doc_type"] = r.DroppedByDocType,
        ["dropped_by_min_face_confidence"] = r.DroppedByMinFaceConfidence,
        ["dropped_by_min_doc_quality"] = r.DroppedByMinDocQuality,
        ["dropped_by_min_ocr_confidence"] = r.DroppedByMinOcrConfidence,
        ["genuine_after_filters"] = r.GenuineAfterFilters,
        ["fraud_after_filters"] = r.FraudAfterFilters,
        ["dropped_by_class_balancing"] = r.DroppedByClassBalancing,
        ["dropped_by_max_samples"] = r.DroppedByMaxSamples,
        ["kept"] = r.Kept,
    };
}
