using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Parquet;
using Parquet.Schema;
using TrustScore.Consensus.Numerics;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Data;

/// <summary>
/// Deterministic synthetic VEID records (docs/dataset-format.md, "Synthetic data"). A seed gives
/// byte-identical files on every machine: all randomness comes from the owned
/// <see cref="CounterRng"/> keyed by (seed, Synthetic, sample index, stream), so sample i is the
/// same whatever the sample count (a larger dataset extends a smaller one), and the label is a
/// smooth function of the features plus modest noise, calibrated so a small MLP can pass the nine
/// release gates while the mean predictor and a linear model cannot.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>Standard deviation of the label noise, in score points.</summary>
    public const double LabelNoise = 2.5;

    private const int RowGroupSize = 10_000;

    private static readonly string[] FraudTypes = ["synthetic_face", "replay_attack", "document_tamper", "identity_mismatch"];

    // Document types with their cumulative probabilities; "visa" is outside the default config's
    // doc_types on purpose, so the doc-type filter has something to count.
    private static readonly (string Type, double Cumulative)[] DocumentTypes =
    [
        ("id_card", 0.30), ("passport", 0.55), ("drivers_license", 0.80), ("residence_permit", 0.88), ("national_id", 0.98), ("visa", 1.0),
    ];

    private static readonly double[] ScopeProbability = [0.97, 0.95, 0.5, 0.3, 0.3, 0.6, 0.5, 0.1];

    /// <summary>File name written for <paramref name="format"/>.</summary>
    public static string FileName(SyntheticFormat format) => format == SyntheticFormat.Parquet ? "veid_synthetic.parquet" : "veid_synthetic.jsonl";

    /// <summary>Writes <paramref name="samples"/> records to <paramref name="outDir"/> (created if needed), atomically.</summary>
    public static SyntheticDatasetResult Generate(string outDir, int samples, ulong seed, SyntheticFormat format)
    {
        if (samples <= 0)
        {
            throw new BadInputException($"--samples must be a positive number of records, found {samples}.");
        }

        Directory.CreateDirectory(outDir);
        string path = Path.Combine(outDir, FileName(format));
        var label = new SyntheticLabel(seed);
        var stats = new Stats();
        IEnumerable<SyntheticSample> Stream()
        {
            for (int i = 0; i < samples; i++)
            {
                var s = Sample(seed, i, label);
                stats.Add(s);
                yield return s;
            }
        }

        WriteAtomically(path, stream =>
        {
            if (format == SyntheticFormat.Parquet)
            {
                WriteParquet(stream, Stream());
            }
            else
            {
                WriteJsonl(stream, Stream());
            }
        });

        string sha;
        using (var read = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(read));
        }

        return new SyntheticDatasetResult(path, samples, stats.Genuine, sha, stats.OracleR2, stats.Mean, stats.Std);
    }

    /// <summary>Generates sample <paramref name="index"/> of the stream for <paramref name="seed"/>.</summary>
    internal static SyntheticSample Sample(ulong seed, int index, SyntheticLabel label)
    {
        var u = CounterRng.Create(seed, RngPurpose.Synthetic, (ulong)index, 0);
        var n = CounterRng.Create(seed, RngPurpose.Synthetic, (ulong)index, 1);
        var g = CounterRng.Create(seed, RngPurpose.Synthetic, (ulong)index, 2);

        bool genuine = u.UniformDouble(0) < 0.5;
        string? fraud = genuine ? null : FraudTypes[(int)(u.UniformDouble(1) * FraudTypes.Length)];
        double pick = u.UniformDouble(2);
        string documentType = DocumentTypes.First(t => pick < t.Cumulative).Type;

        // Latent factors: liveness (L), identity match (M), document authenticity (T).
        double l = fraud switch
        {
            "synthetic_face" => -1.0 + (0.8 * n.Normal(0)),
            "replay_attack" => -0.6 + (0.8 * n.Normal(0)),
            null => 1.2 + (0.7 * n.Normal(0)),
            _ => 0.9 + (0.7 * n.Normal(0)),
        };
        double m = fraud switch
        {
            "identity_mismatch" => -1.2 + (0.7 * n.Normal(1)),
            "synthetic_face" => 0.3 + (0.8 * n.Normal(1)),
            null => 1.2 + (0.6 * n.Normal(1)),
            _ => 0.9 + (0.6 * n.Normal(1)),
        };
        double t = fraud switch
        {
            "document_tamper" => -1.0 + (0.7 * n.Normal(2)),
            null => 1.0 + (0.6 * n.Normal(2)),
            _ => 0.6 + (0.7 * n.Normal(2)),
        };

        // The embedding hides L and M along two fixed directions, under isotropic noise.
        var embedding = new float[FeatureSchema.EmbeddingLength];
        var live = label.LivenessDirection;
        var match = label.MatchDirection;
        double noiseScale = 1.0 / Math.Sqrt(FeatureSchema.EmbeddingLength);
        for (int j = 0; j < embedding.Length; j++)
        {
            embedding[j] = (float)((0.45 * l * live[j]) + (0.45 * m * match[j]) + (noiseScale * g.Normal((ulong)j)));
        }

        double face = Round4(Math.Clamp(0.90 + (0.05 * n.Normal(3)) + (0.02 * Squash(l)), 0.0, 0.999));
        double sharpness = Round4(0.40 + (0.55 * u.UniformDouble(3)));
        double brightness = Round4(0.35 + (0.55 * u.UniformDouble(4)));
        double contrast = Round4(0.40 + (0.55 * u.UniformDouble(5)));
        double noise = Round4(0.30 * u.UniformDouble(6));
        double blur = Round4((0.35 * u.UniformDouble(7)) + (fraud == "document_tamper" ? 0.1 : 0.0));
        double documentQuality = Round4(Math.Clamp(
            (0.35 * sharpness) + (0.25 * contrast) + (0.2 * (1 - noise)) + (0.2 * (1 - blur)) + (0.05 * n.Normal(4)), 0.0, 1.0));
        var ocrConfidences = new double[FeatureSchema.OcrFields.Count];
        var ocrValidated = new bool[FeatureSchema.OcrFields.Count];
        double validProbability = 1.0 / (1.0 + ExpApprox.Exp(-(1.5 + (1.5 * t))));
        for (int f = 0; f < ocrConfidences.Length; f++)
        {
            ocrConfidences[f] = Round4(Math.Clamp(0.35 + (0.6 * u.UniformDouble(8 + (ulong)f)) + (0.04 * Squash(t)), 0.0, 1.0));
            ocrValidated[f] = u.UniformDouble(13 + (ulong)f) < validProbability;
        }

        double ocrMean = Round4(ocrConfidences.Sum() / ocrConfidences.Length);
        var scopes = new List<string>();
        for (int k = 0; k < FeatureSchema.ScopeTypes.Count; k++)
        {
            if (u.UniformDouble(18 + (ulong)k) < ScopeProbability[k])
            {
                scopes.Add(FeatureSchema.ScopeTypes[k]);
            }
        }

        int scopeCount = Math.Min(FeatureSchema.MaxScopeCount, scopes.Count + (int)(u.UniformDouble(26) * 3));

        var inputs = new FeatureInputs
        {
            FaceEmbedding = embedding,
            FaceConfidence = (float)face,
            DocumentQualityScore = (float)documentQuality,
            Sharpness = (float)sharpness,
            Brightness = (float)brightness,
            Contrast = (float)contrast,
            NoiseLevel = (float)noise,
            BlurScore = (float)blur,
            OcrConfidences = ocrConfidences.Select(c => (float)c).ToArray(),
            OcrValidated = ocrValidated,
            ScopeTypes = scopes,
            ScopeCount = scopeCount,
        };
        double clean = label.Clean(FeatureAssembler.Assemble(inputs));
        double score = Math.Round(Math.Clamp(clean + (LabelNoise * n.Normal(5)), 0.0, 100.0), 2, MidpointRounding.ToEven);

        return new SyntheticSample
        {
            SampleId = string.Create(CultureInfo.InvariantCulture, $"synth-{seed}-{index:D8}"),
            DocumentType = documentType,
            TrustScore = score,
            CleanScore = clean,
            IsGenuine = genuine,
            FraudType = fraud,
            FaceConfidence = face,
            DocumentQualityScore = documentQuality,
            OcrConfidence = ocrMean,
            FaceEmbedding = embedding,
            Sharpness = sharpness,
            Brightness = brightness,
            Contrast = contrast,
            NoiseLevel = noise,
            BlurScore = blur,
            OcrConfidences = ocrConfidences,
            OcrValidated = ocrValidated,
            ScopeTypes = scopes,
            ScopeCount = scopeCount,
        };
    }

    /// <summary>x/(1+|x|): a smooth squashing to (−1, 1) from plain arithmetic.</summary>
    private static double Squash(double x) => x / (1.0 + Math.Abs(x));

    private static double Round4(double x) => Math.Round(x, 4, MidpointRounding.ToEven);

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteJsonl(Stream stream, IEnumerable<SyntheticSample> samples)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var line = new StringBuilder(8192);
        foreach (var s in samples)
        {
            line.Clear();
            line.Append("{\"sample_id\":\"").Append(s.SampleId)
                .Append("\",\"document_type\":\"").Append(s.DocumentType)
                .Append("\",\"trust_score\":").Append(Num(s.TrustScore))
                .Append(",\"is_genuine\":").Append(s.IsGenuine ? "true" : "false")
                .Append(",\"fraud_type\":").Append(s.FraudType is null ? "null" : $"\"{s.FraudType}\"")
                .Append(",\"face_confidence\":").Append(Num(s.FaceConfidence))
                .Append(",\"document_quality_score\":").Append(Num(s.DocumentQualityScore))
                .Append(",\"ocr_confidence\":").Append(Num(s.OcrConfidence))
                .Append(",\"sharpness\":").Append(Num(s.Sharpness))
                .Append(",\"brightness\":").Append(Num(s.Brightness))
                .Append(",\"contrast\":").Append(Num(s.Contrast))
                .Append(",\"noise_level\":").Append(Num(s.NoiseLevel))
                .Append(",\"blur_score\":").Append(Num(s.BlurScore));
            for (int f = 0; f < FeatureSchema.OcrFields.Count; f++)
            {
                string name = FeatureSchema.OcrFields[f];
                line.Append(",\"").Append(VeidColumns.OcrFieldConfidence(name)).Append("\":").Append(Num(s.OcrConfidences[f]))
                    .Append(",\"").Append(VeidColumns.OcrFieldValidated(name)).Append("\":").Append(s.OcrValidated[f] ? "true" : "false");
            }

            line.Append(",\"scope_types\":[").Append(string.Join(",", s.ScopeTypes.Select(x => $"\"{x}\""))).Append(']')
                .Append(",\"scope_count\":").Append(s.ScopeCount.ToString(CultureInfo.InvariantCulture))
                .Append(",\"face_embedding\":[");
            for (int j = 0; j < s.FaceEmbedding.Length; j++)
            {
                if (j > 0)
                {
                    line.Append(',');
                }

                line.Append(s.FaceEmbedding[j].ToString("R", CultureInfo.InvariantCulture));
            }

            line.Append("]}");
            writer.WriteLine(line);
        }
    }

    private static void WriteParquet(Stream stream, IEnumerable<SyntheticSample> samples)
    {
        var schema = ParquetLayout.StructuredSchema();
        var fields = schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var writer = ParquetWriter.CreateAsync(schema, stream, new ParquetOptions(), append: false).GetAwaiter().GetResult();
        try
        {
            foreach (var chunk in samples.Chunk(RowGroupSize))
            {
                using var group = writer.CreateRowGroup();
                void Strings(string name, Func<SyntheticSample, string?> get) =>
                    group.WriteAsync(fields[name], chunk.Select(get).ToArray()).GetAwaiter().GetResult();
                void Doubles(string name, Func<SyntheticSample, double> get) =>
                    group.WriteAsync(fields[name], new ReadOnlyMemory<double?>(chunk.Select(s => (double?)get(s)).ToArray())).GetAwaiter().GetResult();
                void Bools(string name, Func<SyntheticSample, bool> get) =>
                    group.WriteAsync(fields[name], new ReadOnlyMemory<bool?>(chunk.Select(s => (bool?)get(s)).ToArray())).GetAwaiter().GetResult();

                Strings(VeidColumns.SampleId, s => s.SampleId);
                Strings(VeidColumns.DocumentType, s => s.DocumentType);
                Doubles(VeidColumns.TrustScore, s => s.TrustScore);
                Bools(VeidColumns.IsGenuine, s => s.IsGenuine);
                Strings(VeidColumns.FraudType, s => s.FraudType);
                Doubles(VeidColumns.FaceConfidence, s => s.FaceConfidence);
                Doubles(VeidColumns.DocumentQualityScore, s => s.DocumentQualityScore);
                Doubles(VeidColumns.OcrConfidence, s => s.OcrConfidence);
                group.WriteAsync(fields[VeidColumns.FaceEmbedding], chunk.Select(s => FloatBytes(s.FaceEmbedding)).ToArray()).GetAwaiter().GetResult();
                Doubles(VeidColumns.Sharpness, s => s.Sharpness);
                Doubles(VeidColumns.Brightness, s => s.Brightness);
                Doubles(VeidColumns.Contrast, s => s.Contrast);
                Doubles(VeidColumns.NoiseLevel, s => s.NoiseLevel);
                Doubles(VeidColumns.BlurScore, s => s.BlurScore);
                for (int f = 0; f < FeatureSchema.OcrFields.Count; f++)
                {
                    int field = f;
                    Doubles(VeidColumns.OcrFieldConfidence(FeatureSchema.OcrFields[f]), s => s.OcrConfidences[field]);
                    Bools(VeidColumns.OcrFieldValidated(FeatureSchema.OcrFields[f]), s => s.OcrValidated[field]);
                }

                Strings(VeidColumns.ScopeTypes, s => string.Join(",", s.ScopeTypes));
                group.WriteAsync(fields[VeidColumns.ScopeCount], new ReadOnlyMemory<int?>(chunk.Select(s => (int?)s.ScopeCount).ToArray())).GetAwaiter().GetResult();
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    internal static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    /// <summary>Streams into a temporary file beside <paramref name="path"/>, flushes it, then renames it into place.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
            AtomicFile.FlushDirectory(dir);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    private sealed class Stats
    {
        private double sum, sumSquares, sumErrorSquares;
        private int n;

        public int Genuine { get; private set; }

        public double Mean => this.n == 0 ? 0 : sum / this.n;

        public double Std => this.n == 0 ? 0 : Math.Sqrt(Math.Max(0, (sumSquares / this.n) - (Mean * Mean)));

        public double OracleR2
        {
            get
            {
                double total = sumSquares - (this.n * Mean * Mean);
                return total <= 0 ? 0 : 1 - (sumErrorSquares / total);
            }
        }

        public void Add(SyntheticSample s)
        {
            this.n++;
            sum += s.TrustScore;
            sumSquares += s.TrustScore * s.TrustScore;
            sumErrorSquares += (s.TrustScore - s.CleanScore) * (s.TrustScore - s.CleanScore);
            Genuine += s.IsGenuine ? 1 : 0;
        }
    }
}
