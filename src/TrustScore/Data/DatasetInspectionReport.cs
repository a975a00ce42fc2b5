using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Config;
using TrustScore.Data.Baselines;

namespace TrustScore.Data;

/// <summary>Result of <see cref="DatasetInspection.Run"/>.</summary>
public sealed record DatasetInspectionReport(LoadedDataset Dataset, LabelSummary Labels, IReadOnlyDictionary<string, int> DocumentTypes, BaselineReport? Baselines, EvaluationThresholds Thresholds)
{
    /// <summary>The report as JSON (the <c>--json</c> output).</summary>
    public JsonObject ToJson()
    {
        var d = Dataset;
        var node = new JsonObject
        {
            ["records_read"] = d.Filters.RecordsRead,
            ["kept"] = d.Filters.Kept,
            ["filters"] = DatasetManifest.FilterNode(d.Filters),
            ["splits"] = new JsonObject
            {
                ["train"] = SplitNode(d.Train),
                ["validation"] = SplitNode(d.Validation),
                ["test"] = SplitNode(d.Test),
            },
            ["labels"] = LabelNode(Labels),
            ["document_types"] = new JsonObject(DocumentTypes.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["dataset_digest"] = d.Manifest.DatasetDigest,
            ["feature_schema_digest"] = d.Manifest.FeatureSchemaDigest,
            ["salt_source"] = d.Manifest.SaltSource,
            ["warnings"] = new JsonArray(d.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
        };
        if (Baselines is not null)
        {
            var b = new JsonObject { ["mean"] = MetricsNode(Baselines.Mean), ["linear"] = MetricsNode(Baselines.Linear) };
            if (Baselines.Oracle is not null)
            {
                b["oracle"] = MetricsNode(Baselines.Oracle);
            }

            node["baselines"] = b;
        }

        return node;
    }

    private JsonObject MetricsNode(BaselineMetrics m) => new()
    {
        ["count"] = m.Count,
        ["r2"] = Round(m.R2),
        ["mae"] = Round(m.Mae),
        ["rmse"] = Round(m.Rmse),
        ["accuracy_5"] = Round(m.Accuracy5),
        ["accuracy_10"] = Round(m.Accuracy10),
        ["accuracy_20"] = Round(m.Accuracy20),
        ["p95_error"] = Round(m.P95Error),
        ["mean_error"] = Round(m.MeanError),
        ["failed_gates"] = new JsonArray(m.FailedGates(Thresholds).Select(g => (JsonNode)JsonValue.Create(g)!).ToArray()),
    };

    private static JsonObject SplitNode(DatasetSplit s) => new()
    {
        ["count"] = s.Count,
        ["digest"] = s.Digest,
        ["genuine"] = s.IsGenuine.Count(g => g),
        ["labels"] = LabelNode(LabelSummary.Of(s.Labels)),
    };

    private static JsonObject LabelNode(LabelSummary l) => new()
    {
        ["count"] = l.Count,
        ["mean"] = Round(l.Mean),
        ["std"] = Round(l.Std),
        ["min"] = Round(l.Min),
        ["max"] = Round(l.Max),
        ["bins"] = new JsonObject
        {
            ["0-25"] = l.Bins[0],
            ["25-50"] = l.Bins[1],
            ["50-75"] = l.Bins[2],
            ["75-100"] = l.Bins[3],
        },
    };

    private static double Round(double v) => Math.Round(v, 4);

    /// <summary>Human-readable lines for stderr.</summary>
    public IEnumerable<string> ToLines()
    {
        var d = Dataset;
        var f = d.Filters;
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"records read: {f.RecordsRead}   kept: {f.Kept}");
        yield return string.Create(c, $"dropped: doc_type {f.DroppedByDocType}, min_face_confidence {f.DroppedByMinFaceConfidence}, min_doc_quality {f.DroppedByMinDocQuality}, min_ocr_confidence {f.DroppedByMinOcrConfidence}, class balancing {f.DroppedByClassBalancing}, max_samples {f.DroppedByMaxSamples}");
        yield return string.Create(c, $"after filters: genuine {f.GenuineAfterFilters}, fraud {f.FraudAfterFilters}");
        foreach (var s in new[] { d.Train, d.Validation, d.Test })
        {
            yield return string.Create(c, $"split {s.Name,-10} {s.Count,8}  digest {s.Digest}");
        }

        yield return string.Create(c, $"labels: mean {Labels.Mean:F2}, std {Labels.Std:F2}, min {Labels.Min:F2}, max {Labels.Max:F2}; bins [0,25) {Labels.Bins[0]}, [25,50) {Labels.Bins[1]}, [50,75) {Labels.Bins[2]}, [75,100] {Labels.Bins[3]}");
        yield return "document types: " + string.Join(", ", DocumentTypes.Select(p => $"{p.Key} {p.Value}"));
        yield return $"dataset digest: {d.Manifest.DatasetDigest}";
        if (Baselines is not null)
        {
            foreach (var (name, m) in new[] { ("mean", Baselines.Mean), ("linear", Baselines.Linear), ("oracle", Baselines.Oracle) })
            {
                if (m is null)
                {
                    continue;
                }

                var failed = m.FailedGates(Thresholds);
                yield return string.Create(c, $"baseline {name,-7} r2 {m.R2:F4} mae {m.Mae:F3} rmse {m.Rmse:F3} acc@5 {m.Accuracy5:F4} acc@10 {m.Accuracy10:F4} acc@20 {m.Accuracy20:F4} p95 {m.P95Error:F3} bias {m.MeanError:F3} -> {(failed.Count == 0 ? "passes all gates" : "fails " + string.Join(", ", failed))}");
            }
        }

        foreach (string w in d.Warnings)
        {
            yield return $"warning: {w}";
        }
    }
}
