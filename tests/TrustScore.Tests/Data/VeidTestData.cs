using System.Text;
using System.Text.Json.Nodes;
using TrustScore.Config;

namespace TrustScore.Tests.Data;

/// <summary>Hand-built VEID records and configs for the data tests (format: docs/dataset-format.md).</summary>
internal static class VeidTestData
{
    /// <summary>A valid structured JSONL record; <paramref name="index"/> varies the embedding and label.</summary>
    public static JsonObject Record(string id, int index = 0, bool genuine = true, string documentType = "passport")
    {
        var embedding = new JsonArray();
        for (int j = 0; j < 512; j++)
        {
            embedding.Add(j == index % 512 ? 1.0 : 0.01);
        }

        var record = new JsonObject
        {
            ["sample_id"] = id,
            ["document_type"] = documentType,
            ["trust_score"] = 10 + (index % 80),
            ["is_genuine"] = genuine,
            ["fraud_type"] = genuine ? null : "replay_attack",
            ["face_confidence"] = 0.95,
            ["document_quality_score"] = 0.9,
            ["ocr_confidence"] = 0.85,
            ["sharpness"] = 0.8,
            ["brightness"] = 0.5,
            ["contrast"] = 0.6,
            ["noise_level"] = 0.1,
            ["blur_score"] = 0.2,
            ["scope_types"] = new JsonArray("id_document", "selfie"),
            ["scope_count"] = 2,
            ["face_embedding"] = embedding,
        };
        foreach (string f in new[] { "name", "date_of_birth", "document_number", "expiry_date", "nationality" })
        {
            record[$"ocr_{f}_confidence"] = 0.9;
            record[$"ocr_{f}_validated"] = true;
        }

        return record;
    }

    public static IEnumerable<JsonObject> Records(int count, string prefix = "s", int start = 0) =>
        Enumerable.Range(start, count).Select(i => Record($"{prefix}-{i:D5}", i, genuine: i % 2 == 0));

    public static void WriteJsonl(string path, IEnumerable<JsonNode> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Concat(records.Select(r => r.ToJsonString() + "\n")), new UTF8Encoding(false));
    }

    /// <summary>A config over <paramref name="dataPath"/>; <paramref name="datasetYaml"/> adds lines to the dataset section.</summary>
    public static TrainingConfig Config(string dataPath, string datasetYaml = "  balance_classes: false\n", Dictionary<string, string?>? env = null)
    {
        string yaml = $"dataset:\n  data_paths: [\"{dataPath}\"]\n{datasetYaml}";
        return ConfigLoader.Parse(yaml, "test.yaml", env ?? new Dictionary<string, string?>());
    }
}
