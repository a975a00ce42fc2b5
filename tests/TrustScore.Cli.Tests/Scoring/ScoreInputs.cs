using System.Globalization;
using System.Text.Json.Nodes;

namespace TrustScore.Cli.Tests.Scoring;

/// <summary>
/// One structured VEID record and the 768-float vector docs/feature-schema.md says it assembles
/// to, written out by hand here (values chosen so every step is exact in binary32).
/// </summary>
internal static class ScoreInputs
{
    private static readonly string[] OcrFields = ["name", "date_of_birth", "document_number", "expiry_date", "nationality"];
    private static readonly float[] OcrConfidence = [0.5f, 0.25f, 0.75f, 1f, 0f];
    private static readonly bool[] OcrValidated = [true, false, true, true, false];

    /// <summary>The record as a JSON object; <paramref name="faceConfidence"/> may be set out of range to make it bad.</summary>
    public static JsonObject Record(string sampleId, double faceConfidence = 0.5)
    {
        var embedding = new JsonArray();
        for (int i = 0; i < 512; i++)
        {
            embedding.Add(i == 0 ? 3 : i == 1 ? 4 : 0);
        }

        var record = new JsonObject
        {
            ["sample_id"] = sampleId,
            ["face_embedding"] = embedding,
            ["face_confidence"] = faceConfidence,
            ["document_quality_score"] = 0.75,
            ["sharpness"] = 0.25,
            ["brightness"] = 0.5,
            ["contrast"] = 0.125,
            ["noise_level"] = 0.25,
            ["blur_score"] = 0.5,
            ["scope_types"] = new JsonArray("selfie", "email_proof"),
            ["scope_count"] = 5,
        };
        for (int f = 0; f < OcrFields.Length; f++)
        {
            record[$"ocr_{OcrFields[f]}_confidence"] = OcrConfidence[f];
            record[$"ocr_{OcrFields[f]}_validated"] = OcrValidated[f];
        }

        return record;
    }

    /// <summary>The assembled vector of <see cref="Record"/>, by the documented layout.</summary>
    public static float[] Vector()
    {
        var v = new float[768];
        v[0] = 0.6f; // 3 / ‖(3, 4)‖
        v[1] = 0.8f; // 4 / 5
        v[512] = 0.75f; // document_quality_score
        v[513] = 0.25f; // sharpness
        v[514] = 0.5f; // brightness
        v[515] = 0.125f; // contrast
        v[516] = 0.75f; // 1 − noise_level (blur_score is not a feature)
        for (int f = 0; f < OcrFields.Length; f++)
        {
            v[517 + (2 * f)] = OcrConfidence[f];
            v[518 + (2 * f)] = OcrValidated[f] ? 1f : 0f;
        }

        v[527] = 0.5f; // scope_count / 10
        v[528 + 1] = 1f; // selfie
        v[528 + 5] = 1f; // email_proof
        v[536] = 0.5f; // face_confidence
        return v;
    }

    /// <summary>A vector as a JSON array line.</summary>
    public static string VectorLine(float[] v) => "[" + string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>A vector CSV: header sample_id,f0..f767 and one row per vector.</summary>
    public static string VectorCsv(params (string Id, float[] Vector)[] rows) =>
        "sample_id," + string.Join(",", Enumerable.Range(0, 768).Select(i => $"f{i}")) + "\n"
        + string.Concat(rows.Select(r => r.Id + "," + string.Join(",", r.Vector.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "\n"));

    /// <summary>A record CSV with the record's fields; lists inside a cell separated by ';'.</summary>
    public static string RecordCsv(params string[] sampleIds)
    {
        var first = Record("x");
        var names = first.Select(p => p.Key).ToList();
        var lines = new List<string> { string.Join(",", names) };
        foreach (string id in sampleIds)
        {
            var r = Record(id);
            lines.Add(string.Join(",", names.Select(n => Cell(r[n]!))));
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string Cell(JsonNode node) => node switch
    {
        JsonArray a => string.Join(";", a.Select(x => x!.ToString())),
        _ => node.ToJsonString().Trim('"'),
    };
}
