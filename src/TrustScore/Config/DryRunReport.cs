using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Data;

namespace TrustScore.Config;

/// <summary>What <c>trustscore train --dry-run</c> found: the config, the dataset it would use and what it would write.</summary>
public sealed record DryRunReport
{
    public required TrainingConfig Config { get; init; }

    public required LoadedDataset Dataset { get; init; }

    /// <summary>The run's output directory (not created).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Paths a real run would write, relative to <see cref="OutputDirectory"/>.</summary>
    public required IReadOnlyList<string> WouldWrite { get; init; }

    /// <summary>Problems that would not stop a run from starting but that the operator should know about.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The report as JSON (<c>--json</c>).</summary>
    public JsonObject ToJson()
    {
        var d = Dataset;
        var paths = new JsonArray();
        for (int i = 0; i < Config.Dataset.DataPaths.Count; i++)
        {
            var source = Config.Dataset.DataPathSources[i];
            paths.Add(new JsonObject
            {
                ["path"] = Config.Dataset.DataPaths[i],
                ["written_as"] = source.Raw,
                ["variables"] = new JsonArray(source.Variables.Select(v => (JsonNode)new JsonObject
                {
                    ["name"] = v.Name,
                    ["set"] = v.IsSet,
                    ["default"] = v.Default,
                }).ToArray()),
            });
        }

        return new JsonObject
        {
            ["ok"] = true,
            ["config"] = new JsonObject
            {
                ["path"] = Config.SourcePath,
                ["digest"] = Config.Digest,
                ["not_applicable"] = Strings(Config.NotApplicable),
            },
            ["dataset"] = new JsonObject
            {
                ["data_paths"] = paths,
                ["formats"] = Strings(d.Manifest.Files.Select(f => f.Format).Distinct().Order(StringComparer.Ordinal)),
                ["files"] = d.Manifest.Files.Count,
                ["records"] = d.Filters.RecordsRead,
                ["filters"] = DatasetManifest.FilterNode(d.Filters),
                ["splits"] = new JsonObject
                {
                    ["train"] = d.Train.Count,
                    ["validation"] = d.Validation.Count,
                    ["test"] = d.Test.Count,
                },
                ["dataset_digest"] = d.Manifest.DatasetDigest,
                ["feature_schema_digest"] = d.Manifest.FeatureSchemaDigest,
                ["salt_source"] = d.Manifest.SaltSource,
            },
            ["output_directory"] = OutputDirectory,
            ["would_write"] = Strings(WouldWrite),
            ["warnings"] = Strings(Warnings),
        };
    }

    /// <summary>Human-readable lines for stderr.</summary>
    public IEnumerable<string> ToLines()
    {
        var c = CultureInfo.InvariantCulture;
        var d = Dataset;
        var f = d.Filters;
        yield return $"config: {Config.SourcePath} (sha256 {Config.Digest})";
        for (int i = 0; i < Config.Dataset.DataPaths.Count; i++)
        {
            yield return $"dataset: {Config.Dataset.DataPaths[i]} ({Config.Dataset.DataPathSources[i].Describe()})";
        }

        yield return string.Create(c, $"format: {string.Join(", ", d.Manifest.Files.Select(x => x.Format).Distinct().Order(StringComparer.Ordinal))}; {d.Manifest.Files.Count} file(s), {f.RecordsRead} records");
        yield return string.Create(c, $"filters would drop: doc_type {f.DroppedByDocType}, min_face_confidence {f.DroppedByMinFaceConfidence}, min_doc_quality {f.DroppedByMinDocQuality}, min_ocr_confidence {f.DroppedByMinOcrConfidence}, class balancing {f.DroppedByClassBalancing}, max_samples {f.DroppedByMaxSamples}; kept {f.Kept}");
        yield return string.Create(c, $"splits: train {d.Train.Count}, validation {d.Validation.Count}, test {d.Test.Count}");
        yield return $"dataset digest: {d.Manifest.DatasetDigest}";
        foreach (string note in Config.NotApplicable)
        {
            yield return $"not applicable: {note}";
        }

        yield return $"would write under {OutputDirectory}: {string.Join(", ", WouldWrite)}";
        foreach (string w in Warnings)
        {
            yield return $"warning: {w}";
        }

        yield return "dry run OK: a real run could start (nothing was written).";
    }

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
}
