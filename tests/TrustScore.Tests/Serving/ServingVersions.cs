using System.Globalization;
using System.Text;
using System.Text.Json;
using TrustScore.Audit;
using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.IO;
using TrustScore.Registry;
using TrustScore.Rollback;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Tests.Serving;

/// <summary>
/// A registry of small REAL models for the serving tests (and, linked, the CLI serve tests):
/// random weights written by <see cref="OnnxModelWriter"/>, conformance vectors generated from
/// them, the v1 feature schema, a manifest built with the signing stage's <see cref="Manifest"/>
/// and <see cref="ModelDigest"/>, signed with an operator key and published through the real
/// <see cref="Publisher"/>; plus the active pointer. Expected scores in tests come from the
/// scorer loaded directly from each published model.onnx, independently of the service.
/// </summary>
internal sealed class ServingVersions
{
    /// <summary>Widths of the test models: the real 768 input, small hidden layers (fast to verify).</summary>
    public static readonly int[] SmallWidths = [FeatureSchema.Dimension, 24, 12, 1];

    private readonly TimeProvider time = TimeProvider.System;

    public ServingVersions(string root)
    {
        Root = root;
        Registry = Path.Combine(root, "registry");
        ActivePath = Path.Combine(root, "models", "trust_score", "active");
        Key = KeyGenerator.Generate(Path.Combine(root, "keys"), SigningKeyAlgorithm.Ed25519, "operator");
        Directory.CreateDirectory(Registry);
    }

    public string Root { get; }

    public string Registry { get; }

    public string ActivePath { get; }

    public KeygenResult Key { get; }

    public VerifyOptions Keys => new() { PublicKeyPath = Key.PublicKeyPath };

    /// <summary>Writes, signs and publishes <paramref name="version"/> with random weights from <paramref name="seed"/>; returns its registry directory.</summary>
    public string Publish(string version, ulong seed, int[]? widths = null)
    {
        string export = Path.Combine(Root, "export");
        string dir = WriteSignedVersion(export, version, RandomWeights(widths ?? SmallWidths, seed), Key.PrivateKeyPath);
        var publisher = new Publisher(new LocalRegistry(Registry, time, "tests"), AuditLog.Open(Registry, time), time);
        publisher.Publish(new PublishOptions(dir, "tests", "serving fixture", Keys));
        return Path.Combine(Registry, version);
    }

    /// <summary>Points the active pointer at <paramref name="version"/> (atomic rename, as rollback does).</summary>
    public void Activate(string version) => new ActivePointer(ActivePath).SwitchTo(Path.Combine(Registry, version));

    /// <summary>
    /// The node's integer score, written from its definition (SafeFloat32ToUint32(raw, 0, 100)):
    /// NaN or negative → 0, above 100 → 100, else truncated toward zero. The fixture models seal
    /// this rule (the default).
    /// </summary>
    public static int NodeScore(float y) => float.IsNaN(y) || y < 0 ? 0 : y > 100 ? 100 : (int)y;

    /// <summary>The published model.onnx of <paramref name="version"/>, loaded directly (the reference scorer).</summary>
    public Scorer ReferenceScorer(string version) => Scorer.LoadFile(Path.Combine(Registry, version, "model", "model.onnx"));

    /// <summary>Random Glorot-scaled weights from the owned PRNG.</summary>
    public static MlpWeights RandomWeights(int[] widths, ulong seed)
    {
        var rng = CounterRng.Create(seed, RngPurpose.WeightInit);
        ulong c = 0;
        var layers = new List<DenseLayerWeights>();
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            int d = widths[l];
            int h = widths[l + 1];
            float std = MathF.Sqrt(2f / (d + h));
            var w = new float[h * d];
            var b = new float[h];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)rng.Normal(c++) * std * 4f; // wide enough that scores spread over 0-100
            }

            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (rng.Uniform(c++) - 0.5f) * 0.2f;
            }

            layers.Add(new DenseLayerWeights(w, b, d, h, l + 2 < widths.Length ? Activation.Relu : Activation.None));
        }

        return new MlpWeights(layers);
    }

    /// <summary>A complete signed version directory <c>&lt;parent&gt;/&lt;version&gt;</c> (docs/formats.md §2–3).</summary>
    public static string WriteSignedVersion(string parent, string version, MlpWeights weights, string privateKeyPath)
    {
        string dir = Path.Combine(parent, version);
        string model = Path.Combine(dir, VersionLayout.ModelDirectory);
        Directory.CreateDirectory(model);
        byte[] onnx = OnnxModelWriter.Write(weights);
        var conformance = ConformanceVectors.Generate(Scorer.Load(onnx));
        File.WriteAllBytes(Path.Combine(model, VersionLayout.ModelOnnx), onnx);
        File.WriteAllBytes(Path.Combine(model, VersionLayout.Conformance), CanonicalJson.ToUtf8Bytes(conformance.ToJson()));
        File.WriteAllBytes(Path.Combine(model, VersionLayout.FeatureSchema), FeatureSchema.Json.ToArray());
        ModelDigestResult digest = ModelDigest.Compute(model);
        var manifest = new Manifest
        {
            Model = new ManifestModel("veid-trust-score", version),
            Digest = new ManifestDigest(digest.Root, ModelDigest.DefaultIgnorePaths),
            KeeperHash = new ManifestKeeperHash("virtengine-keeper/1", KeeperHashOf(model)),
            Files = digest.Files,
            FeatureSchema = new VersionedDigest(FeatureSchema.Version, FeatureSchema.Digest),
            Config = new VersionedDigest("cfg-test", Hex("config")),
            Dataset = new ManifestDataset("ds-test", Hex("dataset"), Hex("split"), Hex("salt")),
            Training = new Dictionary<string, JsonElement> { ["seed"] = JsonSerializer.SerializeToElement(42) },
            Numerics = new ManifestNumerics(NumericsContract.Version, conformance.Rule.Id),
            Metrics = new Dictionary<string, double> { ["r2"] = 0.91, ["mae"] = 3.2, ["rmse"] = 4.5 },
            Gates = new ManifestGates(true, [new ManifestGateResult("r2_min", 0.91, 0.85, ">=", 0.06, true)]),
            Toolchain = new Dictionary<string, JsonElement> { ["dotnet"] = JsonSerializer.SerializeToElement("10.0") },
        };
        manifest.Write(VersionLayout.ManifestPath(dir));
        File.WriteAllText(VersionLayout.ExportMetadataPath(dir), "{\"exported_at\":\"2026-11-29T01:00:00Z\"}\n");
        ModelSigner.Sign(dir, privateKeyPath);
        return dir;
    }

    /// <summary>
    /// The keeper recipe (docs/formats.md §1b) for a flat model directory, written out here
    /// rather than taken from the code under test: names in byte order, each followed by its bytes.
    /// </summary>
    private static string KeeperHashOf(string flatModelDir)
    {
        using var all = new MemoryStream();
        foreach (string file in Directory.GetFiles(flatModelDir).Order(StringComparer.Ordinal))
        {
            all.Write(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            all.Write(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(all.ToArray()));
    }

    /// <summary>Random structured inputs (valid under feature schema v2).</summary>
    public static FeatureInputs RandomInputs(Random random)
    {
        var embedding = new float[FeatureSchema.EmbeddingLength];
        for (int i = 0; i < embedding.Length; i++)
        {
            embedding[i] = (float)((random.NextDouble() * 2) - 1);
        }

        int scopes = random.Next(0, FeatureSchema.MaxScopeCount + 1);
        return new FeatureInputs
        {
            FaceEmbedding = embedding,
            FaceConfidence = random.NextSingle(),
            DocumentQualityScore = random.NextSingle(),
            Sharpness = random.NextSingle(),
            Brightness = random.NextSingle(),
            Contrast = random.NextSingle(),
            NoiseLevel = random.NextSingle(),
            BlurScore = random.NextSingle(),
            OcrConfidences = [.. FeatureSchema.OcrFields.Select(_ => random.NextSingle())],
            OcrValidated = [.. FeatureSchema.OcrFields.Select(_ => random.Next(2) == 1)],
            ScopeTypes = [.. FeatureSchema.ScopeTypes.Where(_ => random.Next(2) == 1)],
            ScopeCount = scopes,
        };
    }

    /// <summary><paramref name="rows"/> valid feature rows, row-major.</summary>
    public static float[] RandomRows(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * FeatureSchema.Dimension];
        for (int r = 0; r < rows; r++)
        {
            FeatureAssembler.Assemble(RandomInputs(random)).CopyTo(x, r * FeatureSchema.Dimension);
        }

        return x;
    }

    /// <summary>A TensorFlow Serving predict body for <paramref name="rows"/> (floats in round-trip form).</summary>
    public static string TfBody(float[] features, int rows)
    {
        var text = new StringBuilder("{\"instances\":[");
        for (int r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "[" : ",[");
            AppendRow(text, features.AsSpan(r * FeatureSchema.Dimension, FeatureSchema.Dimension));
            text.Append(']');
        }

        return text.Append("]}").ToString();
    }

    /// <summary>An Open Inference Protocol v2 infer body for <paramref name="rows"/>, flat data.</summary>
    public static string V2Body(float[] features, int rows, string? id = null)
    {
        var text = new StringBuilder("{");
        if (id is not null)
        {
            text.Append("\"id\":\"").Append(id).Append("\",");
        }

        text.Append("\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[").Append(rows).Append(",768],\"data\":[");
        AppendRow(text, features.AsSpan(0, rows * FeatureSchema.Dimension));
        return text.Append("]}]}").ToString();
    }

    private static void AppendRow(StringBuilder text, ReadOnlySpan<float> values)
    {
        for (int k = 0; k < values.Length; k++)
        {
            if (k > 0)
            {
                text.Append(',');
            }

            text.Append(values[k].ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static string Hex(string s) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
