using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Scoring;

/// <summary>
/// The executable form of the numerics spec shipped with each model (docs/formats.md §2–3
/// model/conformance.json; docs/numerics.md §9): a few dozen inputs — all-zero, constant and
/// extreme rows, subnormals, one-hot rows, random rows, pairs of rows whose outputs lie on either
/// side of a step of the integer score, spread over 0–100 — each with the exact expected binary32
/// output bits and the score under the sealed <see cref="ScoreRule"/>.
/// </summary>
public sealed class ConformanceVectors
{
    /// <summary>Format identifier written as "format".</summary>
    public const string FormatId = "trustscore-conformance/1";

    /// <summary>Creates a set; the vectors are copied.</summary>
    /// <param name="featureCount">Features per vector.</param>
    /// <param name="vectors">The vectors.</param>
    /// <param name="modelSha256">SHA-256 of the model.onnx they belong to, when known.</param>
    /// <param name="numericsVersion">The numerics contract the bits were computed under.</param>
    /// <param name="rule">The integer score rule the scores follow; <see cref="ScoreRule.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A vector's length differs from <paramref name="featureCount"/>, or its score does not follow from its output.</exception>
    public ConformanceVectors(int featureCount, IEnumerable<ConformanceVector> vectors, string? modelSha256 = null, string numericsVersion = NumericsContract.Version, ScoreRule? rule = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentNullException.ThrowIfNull(vectors);
        rule ??= ScoreRule.Default;
        var list = vectors.ToArray();
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i].Features.Length != featureCount)
            {
                throw new ArgumentException($"Conformance vector {i} has {list[i].Features.Length} features; expected {featureCount}.", nameof(vectors));
            }

            if (float.IsNaN(list[i].Output) || rule.ToScore(list[i].Output) != list[i].Score)
            {
                throw new ArgumentException($"Conformance vector {i} ('{list[i].Name}') lists score {list[i].Score}, but its output 0x{list[i].OutputBits:X8} scores {(float.IsNaN(list[i].Output) ? "nothing (NaN)" : rule.ToScore(list[i].Output))} under {rule.Id}.", nameof(vectors));
            }

            if (list[i].FeaturesText is { } text && text.Count != featureCount)
            {
                throw new ArgumentException($"Conformance vector {i} ('{list[i].Name}') has {text.Count} feature texts; expected {featureCount}.", nameof(vectors));
            }

            list[i] = list[i] with { Features = list[i].Features.ToArray(), FeaturesText = list[i].FeaturesText?.ToArray(), Catches = list[i].Catches.ToArray() };
        }

        FeatureCount = featureCount;
        Vectors = list;
        ModelSha256 = modelSha256?.ToLowerInvariant();
        NumericsVersion = numericsVersion;
        Rule = rule;
    }

    /// <summary>The integer score rule sealed with the vectors (written as "score_rule").</summary>
    public ScoreRule Rule { get; }

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
    /// <paramref name="extra"/> named rows (e.g. real test-set rows), then the rows constructed to
    /// catch the <see cref="ConformanceVariants"/> (a decimal-text row, a binary64 multiply-add
    /// row, searched rows for any variant still uncaught), and labels every vector with the
    /// variants it catches (docs/numerics.md §9.2). Inputs depend only on the feature count and
    /// <paramref name="seed"/> (and, for boundary and constructed rows, on the model and the
    /// <paramref name="rule"/>, <see cref="ScoreRule.Default"/> when null); no clock, so every
    /// machine generates the same file.
    /// </summary>
    public static ConformanceVectors Generate(Scorer scorer, ulong seed = 1, IEnumerable<(string Name, float[] Features)>? extra = null, ScoreRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        rule ??= ScoreRule.Default;
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

        AddBoundaryRows(scorer, rule, inputs, rng, ref c);
        if (extra is not null)
        {
            inputs.AddRange(extra);
        }

        var texts = new Dictionary<string, string[]>(StringComparer.Ordinal);
        AddConstructedRows(scorer, seed, inputs, texts);
        var vectors = new List<ConformanceVector>(inputs.Count);
        foreach (var (name, features) in inputs)
        {
            float output = scorer.Score(features);
            uint bits = BitConverter.SingleToUInt32Bits(output);
            var catches = ConformanceVariants.Arithmetic
                .Where(v => BitConverter.SingleToUInt32Bits(VariantForward.Score(scorer.Weights, features, v)) != bits)
                .ToList();
            texts.TryGetValue(name, out string[]? text);
            if (text is not null)
            {
                catches.Add(ConformanceVariants.DoubleRoundedTextParse);
            }

            vectors.Add(new ConformanceVector(name, features, bits, rule.ToScore(output)) { FeaturesText = text, Catches = catches });
        }

        AddSearchedRows(scorer, seed, rule, vectors);
        return new ConformanceVectors(d, vectors, scorer.ModelSha256, rule: rule);
    }

    /// <summary>Candidates the binary64 multiply-add construction may check (each one forward pass of the variant).</summary>
    internal const int Binary64FmaCandidates = 256;

    /// <summary>Rows tried per decimal-text vector and per searched variant.</summary>
    private const int TextAttempts = 4;
    private const int SearchRows = 32;

    /// <summary>2^(i/4) for i = 0 … 3 as binary64 literals (no libm).</summary>
    private static readonly double[] QuarterPowersOfTwo = [1.0, 1.189207115002721, 1.4142135623730951, 1.681792830507429];

    /// <summary>The search stream index ("vari") of the fallback rows.</summary>
    private const ulong SearchStream = 0x76617269;

    /// <summary>
    /// Appends the constructed rows (docs/numerics.md §9.1): <c>text-double-rounding</c>, a row
    /// given as decimal text on which double-rounded parsing changes the output bits (the first of
    /// up to 4 rows that does), and <c>constructed-binary64-fma</c>, a row on which the binary64
    /// multiply-add variant differs (<see cref="Binary64FmaConstruction"/>), when one is found.
    /// </summary>
    private static void AddConstructedRows(Scorer scorer, ulong seed, List<(string Name, float[] Features)> inputs, Dictionary<string, string[]> texts)
    {
        for (int attempt = 0; attempt < TextAttempts; attempt++)
        {
            var (features, text, twice) = DecimalTextConstruction.Row(scorer.FeatureCount, seed, (ulong)attempt);
            if (BitConverter.SingleToUInt32Bits(scorer.Score(features)) != BitConverter.SingleToUInt32Bits(scorer.Score(twice)))
            {
                inputs.Add(("text-double-rounding", features));
                texts.Add("text-double-rounding", text);
                break;
            }
        }

        if (Binary64FmaConstruction.Find(scorer, Binary64FmaCandidates) is { } row)
        {
            inputs.Add(("constructed-binary64-fma", row));
        }
    }

    /// <summary>
    /// For each arithmetic variant no vector catches yet, searches up to 32 normal rows of spread
    /// f32(2^(t mod 4 / 4) · 2^(⌊t/4⌋ − 2)) (t = 0 … 31, the first factor a binary64 literal; stream "vari", b = the variant's index in
    /// <see cref="ConformanceVariants.All"/>) and appends the first the variant gets wrong as
    /// <c>search-&lt;variant&gt;</c>.
    /// </summary>
    private static void AddSearchedRows(Scorer scorer, ulong seed, ScoreRule rule, List<ConformanceVector> vectors)
    {
        int d = scorer.FeatureCount;
        foreach (string variant in ConformanceVariants.Arithmetic)
        {
            if (vectors.Any(v => v.Catches.Contains(variant)))
            {
                continue;
            }

            var rng = CounterRng.Create(seed, RngPurpose.Conformance, SearchStream, (ulong)ConformanceVariants.All.ToList().IndexOf(variant));
            ulong c = 0;
            for (int t = 0; t < SearchRows; t++)
            {
                float spread = (float)Math.ScaleB(QuarterPowersOfTwo[t % 4], (t / 4) - 2);
                var row = Build(d, _ => (float)rng.Normal(c++) * spread);
                float output = scorer.Score(row);
                uint bits = BitConverter.SingleToUInt32Bits(output);
                if (BitConverter.SingleToUInt32Bits(VariantForward.Score(scorer.Weights, row, variant)) == bits)
                {
                    continue;
                }

                var catches = ConformanceVariants.Arithmetic
                    .Where(v => BitConverter.SingleToUInt32Bits(VariantForward.Score(scorer.Weights, row, v)) != bits)
                    .ToList();
                vectors.Add(new ConformanceVector($"search-{variant}", row, bits, rule.ToScore(output)) { Catches = catches });
                break;
            }
        }
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

        for (int i = 0; i < Vectors.Count; i++)
        {
            if (Vectors[i].FeaturesText is { } text && FirstTextMismatch(Vectors[i], text) is { } reason)
            {
                return new ConformanceResult(false, i + 1, $"vector {i} ('{Vectors[i].Name}') {reason}", null);
            }
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
                int actualScore = float.IsNaN(actualValue) ? -1 : Rule.ToScore(actualValue);
                return new ConformanceResult(false, i + 1, null, new ConformanceMismatch(i, Vectors[i].Name, Vectors[i].OutputBits, actual, Vectors[i].Score, actualScore));
            }
        }

        return new ConformanceResult(true, n, null, null);
    }

    /// <summary>Why a feature text does not convert (one correct rounding) to the vector's feature bits, or null.</summary>
    private static string? FirstTextMismatch(ConformanceVector vector, IReadOnlyList<string> text)
    {
        var features = vector.Features.Span;
        for (int k = 0; k < text.Count; k++)
        {
            if (!Binary32Text.TryParse(text[k], out float parsed))
            {
                return string.Create(CultureInfo.InvariantCulture, $"features_text[{k}] \"{text[k]}\" is not a finite decimal number.");
            }

            if (BitConverter.SingleToUInt32Bits(parsed) != BitConverter.SingleToUInt32Bits(features[k]))
            {
                return string.Create(CultureInfo.InvariantCulture, $"features_text[{k}] \"{text[k]}\" rounds to 0x{BitConverter.SingleToUInt32Bits(parsed):X8}, but the vector's feature {k} is 0x{BitConverter.SingleToUInt32Bits(features[k]):X8}.");
            }
        }

        return null;
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

            var vector = new JsonObject
            {
                ["name"] = v.Name,
                ["features_f32le_base64"] = Convert.ToBase64String(bytes),
                ["output_bits"] = v.OutputBits.ToString("x8", CultureInfo.InvariantCulture),
                ["output"] = v.Output.ToString("R", CultureInfo.InvariantCulture),
                ["score"] = v.Score,
                ["catches"] = new JsonArray(v.Catches.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            };
            if (v.FeaturesText is { } text)
            {
                vector["features_text"] = new JsonArray(text.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            }

            vectors.Add(vector);
        }

        var root = new JsonObject
        {
            ["format"] = FormatId,
            ["numerics"] = NumericsVersion,
            ["score_rule"] = Rule.Id,
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
    /// <exception cref="ModelFormatException">The document is not a valid conformance file; the message names the field.</exception>
    public static ConformanceVectors Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? node;
        try
        {
            node = StrictJson.ParseNode(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException($"conformance.json is not valid JSON: {ex.Message}", ex);
        }

        try
        {
            return FromJson(node as JsonObject ?? throw Bad("the document is not a JSON object"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new ModelFormatException($"conformance.json is not valid: {ex.Message}", ex);
        }
    }

    private static ConformanceVectors FromJson(JsonObject root)
    {
        if ((string?)root["format"] != FormatId)
        {
            throw Bad($"\"format\" must be \"{FormatId}\"");
        }

        string? ruleId = (string?)root["score_rule"];
        ScoreRule rule = ScoreRule.All.FirstOrDefault(r => r.Id == ruleId)
            ?? throw Bad($"\"score_rule\" must be one of {string.Join(", ", ScoreRule.All.Select(r => $"\"{r.Id}\""))}; found {(ruleId is null ? "nothing" : $"\"{ruleId}\"")}");

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
            vectors.Add(new ConformanceVector(name, features, bits, score)
            {
                FeaturesText = OptionalStrings(v, "features_text", i, d),
                Catches = OptionalStrings(v, "catches", i, null) ?? [],
            });
        }

        return new ConformanceVectors(d, vectors, sha, numerics, rule);
    }

    /// <summary>An optional array of strings (of exactly <paramref name="count"/> when given), or null when absent.</summary>
    private static string[]? OptionalStrings(JsonObject vector, string field, int index, int? count)
    {
        if (!vector.TryGetPropertyValue(field, out JsonNode? node))
        {
            return null;
        }

        var array = node as JsonArray ?? throw Bad($"vectors[{index}].{field} must be an array of strings");
        if (count is { } expected && array.Count != expected)
        {
            throw Bad($"vectors[{index}].{field} has {array.Count} entries; expected {expected}");
        }

        var result = new string[array.Count];
        for (int k = 0; k < result.Length; k++)
        {
            result[k] = array[k] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw Bad($"vectors[{index}].{field}[{k}] must be a string");
        }

        return result;
    }

    private static ModelFormatException Bad(string reason) => new($"conformance.json is not valid: {reason}.");

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
    /// Adds, for each step of the integer score in <see cref="BoundaryScores"/> that the model
    /// reaches, two rows on either side of it: from the shortest prefix of a pool of normal rows of
    /// growing spread that has rows on both sides, take the highest-scoring row a below the step
    /// and the lowest b at or above it, bisect x(λ) = a + λ·(b − a) in λ 40 times, and keep both sides of the flip.
    /// Named <c>boundary-&lt;step&gt;-below</c> / <c>-above</c>, the step being where the score
    /// reaches the target (e.g. <c>50</c> when truncating, <c>49.5</c> when rounding half up).
    /// </summary>
    private static void AddBoundaryRows(Scorer scorer, ScoreRule rule, List<(string Name, float[] Features)> inputs, CounterRng rng, ref ulong c)
    {
        int d = scorer.FeatureCount;
        // Rows of growing spread, so each pair is taken from the smallest inputs that straddle
        // its step: small inputs keep other runtimes (ONNX Runtime parity) close to the bits.
        var pool = new List<(float[] Row, float Output)>();
        for (int attempt = 0; attempt < 96; attempt++)
        {
            // 64 small rows first (spread 0.25 to 2.14), then 32 wider ones (2.5 to 18) for the
            // ends of the range, which small inputs may not reach.
            float spread = attempt < 64 ? 0.25f + (0.03f * attempt) : 2.5f + (0.5f * (attempt - 64));
            var row = new float[d];
            for (int k = 0; k < d; k++)
            {
                row[k] = (float)rng.Normal(c++) * spread;
            }

            pool.Add((row, scorer.Score(row)));
        }

        var x = new float[d];
        foreach (int target in BoundaryScores)
        {
            // a: the highest output still below the step; b: the lowest at or above it.
            // Within the shortest prefix of the pool that has rows on both sides.
            float[]? a = null;
            float[]? b = null;
            float ya = float.NegativeInfinity;
            float yb = float.PositiveInfinity;
            int seenBelow = -1;
            int seenAbove = -1;
            for (int i = 0; i < pool.Count && (seenBelow < 0 || seenAbove < 0); i++)
            {
                bool isBelow = rule.ToScore(pool[i].Output) < target;
                seenBelow = isBelow && seenBelow < 0 ? i : seenBelow;
                seenAbove = !isBelow && seenAbove < 0 ? i : seenAbove;
            }

            int prefix = Math.Max(seenBelow, seenAbove) + 1;
            for (int i = 0; i < prefix && seenBelow >= 0 && seenAbove >= 0; i++)
            {
                var (row, output) = pool[i];
                if (rule.ToScore(output) < target)
                {
                    if (output > ya || a is null)
                    {
                        (a, ya) = (row, output);
                    }
                }
                else if (output < yb || b is null)
                {
                    (b, yb) = (row, output);
                }
            }

            if (a is null || b is null)
            {
                continue; // the model never scores on one side of this step
            }

            double lo = 0.0;
            double hi = 1.0;
            for (int step = 0; step < 40; step++)
            {
                double mid = (lo + hi) * 0.5;
                Interpolate(x, a, b, (float)mid);
                if (rule.ToScore(scorer.Score(x)) < target)
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
            string at = rule.StepAt(target).ToString("R", CultureInfo.InvariantCulture);
            inputs.Add(($"boundary-{at}-below", below));
            inputs.Add(($"boundary-{at}-above", above));
        }
    }

    /// <summary>The scores whose steps the boundary rows straddle: spread over the whole 0–100 range, 50 (the node's pass mark) included.</summary>
    internal static IReadOnlyList<int> BoundaryScores { get; } = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99, 100];

    private static void Interpolate(Span<float> x, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float lambda)
    {
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = a[k] + (lambda * (b[k] - a[k]));
        }
    }
}
