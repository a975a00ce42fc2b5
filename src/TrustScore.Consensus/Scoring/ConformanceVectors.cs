using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Scoring;

/// <summary>
/// The executable form of the numerics spec shipped with each model (FORMATS.md §2
/// model/conformance.json; docs/numerics.md §9): a few dozen inputs — all-zero, constant and
/// extreme rows, subnormals, one-hot rows, random rows, rows whose output lies next to a rounding
/// boundary of the integer score — each with the exact expected binary32 output bits and score.
/// </summary>
public sealed class ConformanceVectors
{
    /// <summary>Format identifier written as "format".</summary>
    public const string FormatId = "trustscore-conformance/1";

    /// <summary>Creates a set; the vectors are copied.</summary>
    /// <exception cref="ArgumentException">A vector's length differs from <paramref name="featureCount"/>, or its score does not follow from its output.</exception>
    public ConformanceVectors(int featureCount, IEnumerable<ConformanceVector> vectors, string? modelSha256 = null, string numericsVersion = NumericsContract.Version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentNullException.ThrowIfNull(vectors);
        var list = vectors.ToArray();
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i].Features.Length != featureCount)
            {
                throw new ArgumentException($"Conformance vector {i} has {list[i].Features.Length} features; expected {featureCount}.", nameof(vectors));
            }

            if (float.IsNaN(list[i].Output) || ScoreRounding.ToScore(list[i].Output) != list[i].Score)
            {
                throw new ArgumentException($"Conformance vector {i} ('{list[i].Name}') lists score {list[i].Score}, but its output 0x{list[i].OutputBits:X8} rounds to a different score.", nameof(vectors));
            }

            list[i] = list[i] with { Features = list[i].Features.ToArray() };
        }

        FeatureCount = featureCount;
        Vectors = list;
        ModelSha256 = modelSha256?.ToLowerInvariant();
        NumericsVersion = numericsVersion;
    }

    /// <summary>Features per vector.</summary>
    public int FeatureCount { get; }

    /// <summary>The vectors, in file order.</summary>
    public IReadOnlyList<ConformanceVector> Vectors { get; }

    /// <summary>SHA-256 (lower hex) of the model.onnx the vectors belong to, when recorded.</summary>
    public string? ModelSha256 { get; }

    /// <summary>The numerics contract the expected bits were computed under.</summary>
    public string NumericsVersion { get; }

    /// <summary>
    /// Generates the standard set for <paramref name="scorer"/>'s model, plus any
    /// <paramref name="extra"/> named rows (e.g. real test-set rows). Inputs depend only on the
    /// feature count and <paramref name="seed"/> (and, for boundary rows, on the model).
    /// </summary>
    public static ConformanceVectors Generate(Scorer scorer, ulong seed = 1, IEnumerable<(string Name, float[] Features)>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        int d = scorer.FeatureCount;
        var rng = CounterRng.Create(seed, RngPurpose.Conformance);
        var inputs = new List<(string Name, float[] Features)>
        {
            ("all-zero", Constant(d, 0f)),
            ("all-one", Constant(d, 1f)),
            ("all-minus-one", Constant(d, -1f)),
            ("all-large-positive", Constant(d, 1000f)),
            ("all-large-negative", Constant(d, -1000f)),
            ("alternating-large", Build(d, k => (k & 1) == 0 ? 1000f : -1000f)),
            ("all-subnormal", Constant(d, 1e-40f)),
            ("all-max-subnormal", Constant(d, -1.1754942e-38f)),
            ("ramp", Build(d, k => (float)k / d)),
            ("one-hot-first", Build(d, k => k == 0 ? 1f : 0f)),
            ("one-hot-middle", Build(d, k => k == d / 2 ? 1f : 0f)),
            ("one-hot-last", Build(d, k => k == d - 1 ? 1f : 0f)),
        };

        ulong c = 0;
        for (int v = 0; v < 8; v++)
        {
            inputs.Add(($"uniform-0-1-{v}", Build(d, _ => rng.Uniform(c++))));
        }

        for (int v = 0; v < 8; v++)
        {
            inputs.Add(($"normal-{v}", Build(d, _ => (float)rng.Normal(c++))));
        }

        for (int v = 0; v < 4; v++)
        {
            inputs.Add(($"uniform-5-{v}", Build(d, _ => (rng.Uniform(c++) * 10f) - 5f)));
        }

        AddBoundaryRows(scorer, inputs, rng, ref c, wanted: 8);
        if (extra is not null)
        {
            inputs.AddRange(extra);
        }

        var vectors = new List<ConformanceVector>(inputs.Count);
        foreach (var (name, features) in inputs)
        {
            float output = scorer.Score(features);
            vectors.Add(new ConformanceVector(name, features, BitConverter.SingleToUInt32Bits(output), ScoreRounding.ToScore(output)));
        }

        return new ConformanceVectors(d, vectors, scorer.ModelSha256);
    }

    /// <summary>Re-runs every vector (as one batch, then each alone) and reports the first mismatch.</summary>
    public ConformanceResult Check(Scorer scorer, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (scorer.FeatureCount != FeatureCount)
        {
            return new ConformanceResult(false, 0, $"the conformance vectors have {FeatureCount} features but the model takes {scorer.FeatureCount}.", null);
        }

        if (ModelSha256 is not null && !string.Equals(ModelSha256, scorer.ModelSha256, StringComparison.Ordinal))
        {
            return new ConformanceResult(false, 0, $"the conformance vectors belong to model {ModelSha256}, not {scorer.ModelSha256}.", null);
        }

        if (NumericsVersion != NumericsContract.Version)
        {
            return new ConformanceResult(false, 0, $"the conformance vectors were computed under {NumericsVersion}; this build implements {NumericsContract.Version}.", null);
        }

        int n = Vectors.Count;
        var batch = new float[n * FeatureCount];
        for (int i = 0; i < n; i++)
        {
            Vectors[i].Features.Span.CopyTo(batch.AsSpan(i * FeatureCount));
        }

        var outputs = new float[n];
        scorer.Score(batch, n, outputs, threads);
        for (int i = 0; i < n; i++)
        {
            float single = scorer.Score(Vectors[i].Features.Span);
            uint bits = BitConverter.SingleToUInt32Bits(outputs[i]);
            if (bits != Vectors[i].OutputBits || BitConverter.SingleToUInt32Bits(single) != bits)
            {
                uint actual = bits != Vectors[i].OutputBits ? bits : BitConverter.SingleToUInt32Bits(single);
                float actualValue = BitConverter.UInt32BitsToSingle(actual);
                int actualScore = float.IsNaN(actualValue) ? -1 : ScoreRounding.ToScore(actualValue);
                return new ConformanceResult(false, i + 1, null, new ConformanceMismatch(i, Vectors[i].Name, Vectors[i].OutputBits, actual, Vectors[i].Score, actualScore));
            }
        }

        return new ConformanceResult(true, n, null, null);
    }

    /// <summary>The JSON document (write it with the project's canonical JSON writer).</summary>
    public JsonObject ToJson()
    {
        var vectors = new JsonArray();
        foreach (var v in Vectors)
        {
            var bytes = new byte[v.Features.Length * 4];
            var span = v.Features.Span;
            for (int k = 0; k < span.Length; k++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * 4), span[k]);
            }

            vectors.Add(new JsonObject
            {
                ["name"] = v.Name,
                ["features_f32le_base64"] = Convert.ToBase64String(bytes),
                ["output_bits"] = v.OutputBits.ToString("x8", CultureInfo.InvariantCulture),
                ["output"] = v.Output.ToString("R", CultureInfo.InvariantCulture),
                ["score"] = v.Score,
            });
        }

        var root = new JsonObject
        {
            ["format"] = FormatId,
            ["numerics"] = NumericsVersion,
            ["score_rule"] = ScoreRounding.RuleId,
            ["feature_count"] = FeatureCount,
            ["vectors"] = vectors,
        };
        if (ModelSha256 is not null)
        {
            root["model_sha256"] = ModelSha256;
        }

        return root;
    }

    /// <summary>Parses a conformance.json document.</summary>
    /// <exception cref="InvalidDataException">The document is not a valid conformance file; the message names the field.</exception>
    public static ConformanceVectors Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? node;
        try
        {
            node = StrictJson.ParseNode(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"conformance.json is not valid JSON: {ex.Message}", ex);
        }

        try
        {
            return FromJson(node as JsonObject ?? throw Bad("the document is not a JSON object"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"conformance.json is not valid: {ex.Message}", ex);
        }
    }

    private static ConformanceVectors FromJson(JsonObject root)
    {
        if ((string?)root["format"] != FormatId)
        {
            throw Bad($"\"format\" must be \"{FormatId}\"");
        }

        if ((string?)root["score_rule"] != ScoreRounding.RuleId)
        {
            throw Bad($"\"score_rule\" must be \"{ScoreRounding.RuleId}\"");
        }

        string numerics = (string?)root["numerics"] ?? throw Bad("\"numerics\" is missing");
        int d = (int?)root["feature_count"] ?? throw Bad("\"feature_count\" is missing");
        if (d < 1 || d > Model.MlpWeights.MaxWidth)
        {
            throw Bad($"\"feature_count\" {d} is out of range");
        }

        string? sha = (string?)root["model_sha256"];
        var array = root["vectors"] as JsonArray ?? throw Bad("\"vectors\" must be an array");
        var vectors = new List<ConformanceVector>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            var v = array[i] as JsonObject ?? throw Bad($"vectors[{i}] is not an object");
            string name = (string?)v["name"] ?? throw Bad($"vectors[{i}].name is missing");
            byte[] raw = Convert.FromBase64String((string?)v["features_f32le_base64"] ?? throw Bad($"vectors[{i}].features_f32le_base64 is missing"));
            if (raw.Length != d * 4)
            {
                throw Bad($"vectors[{i}] has {raw.Length} feature bytes; expected {d * 4}");
            }

            var features = new float[d];
            for (int k = 0; k < d; k++)
            {
                features[k] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(k * 4));
            }

            string bitsText = (string?)v["output_bits"] ?? throw Bad($"vectors[{i}].output_bits is missing");
            if (bitsText.Length != 8)
            {
                throw Bad($"vectors[{i}].output_bits must be 8 hex digits");
            }

            uint bits = uint.Parse(bitsText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            int score = (int?)v["score"] ?? throw Bad($"vectors[{i}].score is missing");
            vectors.Add(new ConformanceVector(name, features, bits, score));
        }

        return new ConformanceVectors(d, vectors, sha, numerics);
    }

    private static InvalidDataException Bad(string reason) => new($"conformance.json is not valid: {reason}.");

    private static float[] Constant(int d, float value) => Build(d, _ => value);

    private static float[] Build(int d, Func<int, float> value)
    {
        var row = new float[d];
        for (int k = 0; k < d; k++)
        {
            row[k] = value(k);
        }

        return row;
    }

    /// <summary>
    /// Finds rows whose output lies next to a half-integer (where the integer score flips): take
    /// two random rows a, b whose outputs straddle some m + 0.5, bisect x(λ) = a + λ·(b − a) in
    /// λ 40 times, and keep both sides of the flip.
    /// </summary>
    private static void AddBoundaryRows(Scorer scorer, List<(string Name, float[] Features)> inputs, CounterRng rng, ref ulong c, int wanted)
    {
        int d = scorer.FeatureCount;
        int found = 0;
        for (int attempt = 0; attempt < 32 && found < wanted; attempt++)
        {
            float spread = 0.5f + attempt;
            var a = new float[d];
            var b = new float[d];
            for (int k = 0; k < d; k++)
            {
                a[k] = (float)rng.Normal(c++) * spread;
                b[k] = (float)rng.Normal(c++) * spread;
            }

            float ya = scorer.Score(a);
            float yb = scorer.Score(b);
            int sa = ScoreRounding.ToScore(ya);
            int sb = ScoreRounding.ToScore(yb);
            if (sa == sb)
            {
                continue;
            }

            if (sa > sb)
            {
                (a, b) = (b, a);
                (sa, sb) = (sb, sa);
            }

            // a scores sa, b scores more: bisect for the last λ that still scores sa.
            double lo = 0.0;
            double hi = 1.0;
            var x = new float[d];
            for (int step = 0; step < 40; step++)
            {
                double mid = (lo + hi) * 0.5;
                Interpolate(x, a, b, (float)mid);
                if (ScoreRounding.ToScore(scorer.Score(x)) == sa)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            var below = new float[d];
            var above = new float[d];
            Interpolate(below, a, b, (float)lo);
            Interpolate(above, a, b, (float)hi);
            inputs.Add(($"boundary-{sa}.5-below", below));
            inputs.Add(($"boundary-{sa}.5-above", above));
            found += 2;
        }
    }

    private static void Interpolate(Span<float> x, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float lambda)
    {
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = a[k] + (lambda * (b[k] - a[k]));
        }
    }
}
