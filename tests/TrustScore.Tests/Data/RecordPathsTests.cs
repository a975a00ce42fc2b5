using System.Text;
using TrustScore.Consensus.Numerics;
using TrustScore.Data;
using TrustScore.Scoring;
using TrustScore.Serving;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Data;

/// <summary>
/// The same records, written as decimal text, through every input path — dataset JSONL (training,
/// <see cref="RecordBuilder"/>), scoring JSONL and CSV (<see cref="ScoreRowBuilder"/>), serving TF,
/// v2 and node sidecar JSON (<see cref="TfPredictParser"/>, <see cref="V2InferParser"/>,
/// <see cref="SidecarPredictParser"/>; records through <c>StructuredInstance</c>) — give the same
/// feature bits, and every decimal is rounded once to binary32 (docs/numerics.md §11). The texts lie a hair past binary32 midpoints
/// (<see cref="CraftedDecimals"/>: expected bits from exact rational arithmetic), where parsing to
/// binary64 first would give other bits.
/// </summary>
public sealed class RecordPathsTests : IDisposable
{
    private const int D = FeatureSchema.Dimension;
    private const int E = FeatureSchema.EmbeddingLength;
    private static readonly string[] Scalars =
    [
        VeidColumns.FaceConfidence, VeidColumns.DocumentQualityScore, VeidColumns.Sharpness, VeidColumns.Brightness,
        VeidColumns.Contrast, VeidColumns.NoiseLevel, VeidColumns.BlurScore,
        .. FeatureSchema.OcrFields.Select(VeidColumns.OcrFieldConfidence),
    ];

    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void PrecomputedVectors_EveryPath_ParsesEachDecimalOnce()
    {
        var records = Enumerable.Range(0, 3).Select(r => EmbeddingCases(r)).ToList();
        var texts = records.Select(c => c.Select(x => x.Text).Concat(Enumerable.Repeat("0", D - E)).ToArray()).ToList();
        var expected = records.Select(c => c.Select(x => x.Expected).Concat(new float[D - E]).ToArray()).ToList();

        var paths = new Dictionary<string, List<float[]>>
        {
            ["dataset jsonl (training)"] = Dataset(texts.Select((t, i) => RecordJson(i, $"\"face_confidence\":0.5,\"document_quality_score\":0.5,\"features\":[{string.Join(",", t)}]"))),
            ["scoring jsonl record"] = Score("r.jsonl", texts.Select((t, i) => RecordJson(i, $"\"face_confidence\":0.5,\"document_quality_score\":0.5,\"features\":[{string.Join(",", t)}]"))),
            ["scoring jsonl array"] = Score("a.jsonl", texts.Select(t => $"[{string.Join(",", t)}]")),
            ["scoring csv vector"] = Score("v.csv", [string.Join(",", Enumerable.Range(0, D).Select(k => $"f{k}")), .. texts.Select(t => string.Join(",", t))]),
            ["scoring csv record"] = Score("r.csv", ["sample_id,features", .. texts.Select((t, i) => $"id-{i},{string.Join(";", t)}")]),
            ["serving tf rows"] = Serve(TfPredictParser.Parse(Utf8($"{{\"instances\":[{string.Join(",", texts.Select(t => $"[{string.Join(",", t)}]"))}]}}"), 16)),
            ["serving tf records"] = Serve(TfPredictParser.Parse(Utf8($"{{\"instances\":[{string.Join(",", texts.Select(t => $"{{\"features\":[{string.Join(",", t)}]}}"))}]}}"), 16)),
            ["serving sidecar"] = [.. texts.Select(t => Serve(SidecarPredictParser.Parse(Utf8($"{{\"features\":[{string.Join(",", t)}]}}"), 1))[0])],
            ["serving v2"] = Serve(V2InferParser.Parse(Utf8($"{{\"inputs\":[{{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[{texts.Count},{D}],\"data\":[{string.Join(",", texts.Select(t => string.Join(",", t)))}]}}]}}"), 16)),
        };

        foreach (var (path, vectors) in paths)
        {
            AssertSameBits(expected, vectors, path);
        }
    }

    [Fact]
    public void StructuredRecords_TrainingScoringServing_SameBits()
    {
        var records = new List<(string[] Embedding, string[] Scalars, float[] Expected)>();
        for (int r = 0; r < 4; r++)
        {
            var embedding = EmbeddingCases(10 + r);
            var scalars = CraftedDecimals.Generate(Scalars.Length, (ulong)(30 + r), i => 0.05f + (0.9f * ((i * 0.37f) % 1f)));
            var inputs = new FeatureInputs
            {
                FaceEmbedding = [.. embedding.Select(c => c.Expected)],
                FaceConfidence = Math.Abs(scalars[0].Expected),
                DocumentQualityScore = Math.Abs(scalars[1].Expected),
                Sharpness = Math.Abs(scalars[2].Expected),
                Brightness = Math.Abs(scalars[3].Expected),
                Contrast = Math.Abs(scalars[4].Expected),
                NoiseLevel = Math.Abs(scalars[5].Expected),
                BlurScore = Math.Abs(scalars[6].Expected),
                OcrConfidences = [.. scalars.Skip(7).Select(c => Math.Abs(c.Expected))],
                OcrValidated = [true, false, true, true, false],
                ScopeTypes = ["id_document", "selfie", "email_proof"],
                ScopeCount = 3,
            };
            records.Add(([.. embedding.Select(c => c.Text)], [.. scalars.Select(c => c.Text.TrimStart('-'))], FeatureAssembler.Assemble(inputs)));
        }

        string Fields(int r, string embeddingSeparator, bool json)
        {
            var (embedding, scalars, _) = records[r];
            var parts = Scalars.Select((name, i) => json ? $"\"{name}\":{scalars[i]}" : scalars[i]).ToList();
            string[] flags = ["true", "false", "true", "true", "false"];
            parts.AddRange(FeatureSchema.OcrFields.Select((f, i) => json ? $"\"{VeidColumns.OcrFieldValidated(f)}\":{flags[i]}" : flags[i]));
            parts.Add(json ? "\"scope_types\":[\"id_document\",\"selfie\",\"email_proof\"]" : "id_document;selfie;email_proof");
            parts.Add(json ? "\"scope_count\":3" : "3");
            parts.Add(json ? $"\"face_embedding\":[{string.Join(embeddingSeparator, embedding)}]" : string.Join(embeddingSeparator, embedding));
            return string.Join(",", parts);
        }

        var expected = records.Select(r => r.Expected).ToList();
        string csvHeader = string.Join(",", Scalars.Concat(FeatureSchema.OcrFields.Select(VeidColumns.OcrFieldValidated)).Append("scope_types").Append("scope_count").Append("face_embedding"));
        var paths = new Dictionary<string, List<float[]>>
        {
            ["dataset jsonl (training, RecordBuilder)"] = Dataset(records.Select((_, r) => RecordJson(r, Fields(r, ",", json: true)))),
            ["scoring jsonl (ScoreRowBuilder)"] = Score("s.jsonl", records.Select((_, r) => RecordJson(r, Fields(r, ",", json: true)))),
            ["scoring csv (ScoreRowBuilder)"] = Score("s.csv", [csvHeader, .. records.Select((_, r) => Fields(r, ";", json: false))]),
            ["serving tf (StructuredInstance)"] = Serve(TfPredictParser.Parse(Utf8($"{{\"instances\":[{string.Join(",", records.Select((_, r) => $"{{{Fields(r, ",", json: true)}}}"))}]}}"), 16)),
        };

        foreach (var (path, vectors) in paths)
        {
            AssertSameBits(expected, vectors, path);
        }
    }

    [Fact]
    public void OrdinaryRecords_TrainingScoringServing_SameBits()
    {
        var records = VeidTestData.Records(12).ToList();
        var training = Dataset(records.Select(r => r.ToJsonString()));
        var scoring = Score("o.jsonl", records.Select(r => r.ToJsonString()));
        foreach (var r in records)
        {
            r.Remove("sample_id");
        }

        var serving = Serve(TfPredictParser.Parse(Utf8($"{{\"instances\":[{string.Join(",", records.Select(r => r.ToJsonString()))}]}}"), 16));
        AssertSameBits(training, scoring, "scoring vs training");
        AssertSameBits(training, serving, "serving vs training");
    }

    /// <summary>512 crafted decimals near 1/√512, so a vector of them has an L2 norm within 1e-3 of 1.</summary>
    private static List<CraftedDecimals.Case> EmbeddingCases(int record)
    {
        uint center = BitConverter.SingleToUInt32Bits(1f / MathF.Sqrt(E));
        var rng = CounterRng.Create((ulong)record, RngPurpose.Synthetic, 80, 0);
        return CraftedDecimals.Generate(E, (ulong)(100 + record), i => BitConverter.UInt32BitsToSingle(center - 1000 + (uint)(rng.NextUInt64(i) % 2000)))
            .Select(c => c with { Text = c.Text.TrimStart('-'), Expected = Math.Abs(c.Expected) })
            .ToList();
    }

    private static string RecordJson(int i, string fields) =>
        $"{{\"sample_id\":\"id-{i}\",\"document_type\":\"passport\",\"trust_score\":50,\"is_genuine\":true,\"fraud_type\":null,\"ocr_confidence\":0.5,{fields}}}";

    private List<float[]> Dataset(IEnumerable<string> lines)
    {
        string path = Path.Combine(dir.Path, $"d{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return [.. JsonlRecordReader.Read(path).Select(r => r.Features)];
    }

    private List<float[]> Score(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(dir.Path, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return [.. ScoreInputReader.Read(path).Select(s => s.Features ?? throw new InvalidOperationException(s.Error))];
    }

    private static List<float[]> Serve(ScoringRequest request) =>
        [.. Enumerable.Range(0, request.Rows).Select(i => request.Features.AsSpan(i * D, D).ToArray())];

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static void AssertSameBits(List<float[]> expected, List<float[]> actual, string path)
    {
        Assert.True(expected.Count == actual.Count, $"{path}: {actual.Count} vectors, expected {expected.Count}");
        for (int r = 0; r < expected.Count; r++)
        {
            Assert.True(actual[r].Length == D, $"{path}: row {r} has {actual[r].Length} values");
            for (int k = 0; k < D; k++)
            {
                uint e = BitConverter.SingleToUInt32Bits(expected[r][k]);
                uint a = BitConverter.SingleToUInt32Bits(actual[r][k]);
                Assert.True(e == a, $"{path}: row {r} feature {k}: expected 0x{e:x8}, got 0x{a:x8}");
            }
        }
    }
}
