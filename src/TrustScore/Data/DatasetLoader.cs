using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrustScore.Config;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Data;

/// <summary>
/// Loads the VEID dataset a config points at (runbook §1.1–1.2): finds the files (sorted, so
/// directory order never matters), streams and validates every record, applies the ingestion
/// rules (doc-type and quality filters, class balancing, <c>max_samples</c>), anonymises ids with
/// a keyed hash, assigns stable splits by keyed hash of the anonymised id, and builds the
/// <see cref="DatasetManifest"/>. Every drop is counted; a rule that leaves nothing is an error.
/// </summary>
public static class DatasetLoader
{
    internal const string SplitPurpose = "trustscore-split-v1";
    internal const string BalancePurpose = "trustscore-balance-v1";
    internal const string SamplePurpose = "trustscore-sample-v1";

    /// <summary>Loads and splits the dataset of <paramref name="config"/>.</summary>
    /// <param name="config">The validated config (its <c>dataset</c> section drives everything).</param>
    /// <param name="baseDirectory">Directory relative data paths are resolved against; null means the current directory.</param>
    public static LoadedDataset Load(TrainingConfig config, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var d = config.Dataset;
        var warnings = new List<string>();
        var (anonymizer, commitment, saltSource) = PrepareSalt(d, baseDirectory, warnings);
        var files = FindFiles(d, baseDirectory);

        var seen = new Dictionary<string, RecordLocation>(StringComparer.Ordinal);
        var kept = new List<Sample>();
        var docTypes = new HashSet<string>(d.DocTypes, StringComparer.Ordinal);
        long read = 0, byDocType = 0, byFace = 0, byDoc = 0, byOcr = 0;
        var entries = new List<DatasetFileEntry>();
        foreach (var file in files)
        {
            long inFile = 0;
            var records = file.Format == "parquet" ? ParquetRecordReader.Read(file.FullPath) : JsonlRecordReader.Read(file.FullPath);
            foreach (var r in records)
            {
                inFile++;
                if (!seen.TryAdd(r.SampleId, r.Location))
                {
                    throw new BadInputException($"{r.Location}: duplicate sample_id '{r.SampleId}' (first seen at {seen[r.SampleId]}); sample ids must be unique across the dataset.");
                }

                if (!docTypes.Contains(r.DocumentType))
                {
                    byDocType++;
                }
                else if (r.FaceConfidence < d.MinFaceConfidence)
                {
                    byFace++;
                }
                else if (r.DocumentQualityScore < d.MinDocQuality)
                {
                    byDoc++;
                }
                else if (r.OcrConfidence < d.MinOcrConfidence)
                {
                    byOcr++;
                }
                else
                {
                    kept.Add(new Sample(anonymizer.Anonymize(r.SampleId), r.Features, (float)r.TrustScore, r.DocumentType, r.IsGenuine));
                }
            }

            read += inFile;
            entries.Add(new DatasetFileEntry(file.RelativePath, file.Root, file.Format, Sha256Text.HexOfFile(file.FullPath), inFile));
        }

        string where = string.Join(", ", d.DataPaths);
        if (read == 0)
        {
            throw new BadInputException($"the dataset at {where} has no records (every data file is empty).");
        }

        if (kept.Count == 0)
        {
            throw new BadInputException(
                $"the filters dropped all {read} records of {where} (doc_types: {byDocType}, min_face_confidence: {byFace}, min_doc_quality: {byDoc}, min_ocr_confidence: {byOcr}); check dataset.doc_types and the quality thresholds.");
        }

        long genuine = kept.Count(s => s.IsGenuine);
        long fraud = kept.Count - genuine;
        long byBalance = 0;
        if (d.BalanceClasses)
        {
            foreach (var (name, count) in new[] { ("genuine", genuine), ("fraud", fraud) })
            {
                if (count < d.MinSamplesPerClass)
                {
                    throw new BadInputException(
                        $"after the filters the {name} class has {count} samples, fewer than dataset.min_samples_per_class ({d.MinSamplesPerClass}); add data, lower the threshold or set balance_classes: false.");
                }
            }

            int keepPerClass = (int)Math.Min(genuine, fraud);
            kept = kept.GroupBy(s => s.IsGenuine)
                .SelectMany(g => g.OrderBy(s => Anonymizer.KeyedUnit(BalancePurpose, d.RandomSeed, s.AnonymizedId)).ThenBy(s => s.AnonymizedId, StringComparer.Ordinal).Take(keepPerClass))
                .ToList();
            byBalance = genuine + fraud - kept.Count;
        }

        long byMax = 0;
        if (d.MaxSamples is int max && kept.Count > max)
        {
            byMax = kept.Count - max;
            kept = kept.OrderBy(s => Anonymizer.KeyedUnit(SamplePurpose, d.RandomSeed, s.AnonymizedId)).ThenBy(s => s.AnonymizedId, StringComparer.Ordinal).Take(max).ToList();
        }

        var filters = new FilterReport
        {
            RecordsRead = read,
            DroppedByDocType = byDocType,
            DroppedByMinFaceConfidence = byFace,
            DroppedByMinDocQuality = byDoc,
            DroppedByMinOcrConfidence = byOcr,
            GenuineAfterFilters = genuine,
            FraudAfterFilters = fraud,
            DroppedByClassBalancing = byBalance,
            DroppedByMaxSamples = byMax,
            Kept = kept.Count,
        };

        var bySplit = kept.GroupBy(s => AssignSplit(d, s.AnonymizedId)).ToDictionary(g => g.Key, g => g.ToList());
        var train = BuildSplit("train", bySplit.GetValueOrDefault("train"));
        var validation = BuildSplit("validation", bySplit.GetValueOrDefault("validation"));
        var test = BuildSplit("test", bySplit.GetValueOrDefault("test"));
        foreach (var split in new[] { train, validation, test })
        {
            if (split.Count == 0)
            {
                throw new BadInputException($"the {split.Name} split of {where} is empty ({kept.Count} samples kept); add data or change the split fractions.");
            }
        }

        var manifest = new DatasetManifest
        {
            DatasetVersion = config.DatasetVersion,
            Files = entries,
            TotalRecords = read,
            FeatureSchemaVersion = FeatureSchema.Version,
            FeatureSchemaDigest = FeatureSchema.Digest,
            Ingestion = IngestionNode(d),
            Filters = filters,
            Splits = [new("train", train.Count, train.Digest), new("validation", validation.Count, validation.Digest), new("test", test.Count, test.Digest)],
            SaltCommitment = commitment,
            SaltSource = saltSource,
        };
        return new LoadedDataset { Train = train, Validation = validation, Test = test, Filters = filters, Manifest = manifest, Warnings = warnings };
    }

    /// <summary>
    /// The split of an anonymised id: u = KeyedUnit("trustscore-split-v1", dataset.random_seed, id);
    /// train if u &lt; train_split, validation if u &lt; train_split + val_split, else test.
    /// Depends on nothing but the id, so adding samples never moves existing ones.
    /// </summary>
    public static string AssignSplit(DatasetSettings settings, string anonymizedId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        double u = Anonymizer.KeyedUnit(SplitPurpose, settings.RandomSeed, anonymizedId);
        return u < settings.TrainSplit ? "train" : u < settings.TrainSplit + settings.ValSplit ? "validation" : "test";
    }

    /// <summary>Anonymised id of <paramref name="sampleId"/> under <paramref name="config"/>'s salt (for tests and audits).</summary>
    public static string AnonymizedId(TrainingConfig config, string sampleId, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (anonymizer, _, _) = PrepareSalt(config.Dataset, baseDirectory, []);
        return anonymizer.Anonymize(sampleId);
    }

    private static (Anonymizer Anonymizer, string Commitment, string Source) PrepareSalt(DatasetSettings d, string? baseDirectory, List<string> warnings)
    {
        if (!d.Anonymize)
        {
            warnings.Add("dataset.anonymize is false: sample ids are used as they are and appear in split digests.");
            return (new Anonymizer(null), string.Empty, "none");
        }

        if (d.AnonymizationSaltFile.Length == 0)
        {
            warnings.Add("no dataset.anonymization_salt_file is set (VEID_ANONYMIZATION_SALT_FILE): the public development salt is used, which pseudonymises but does not protect real identities.");
            return (new Anonymizer(Anonymizer.DevelopmentSalt), Anonymizer.Commitment(Anonymizer.DevelopmentSalt), "public-development-salt");
        }

        string path = Resolve(d.AnonymizationSaltFile, baseDirectory);
        if (!File.Exists(path))
        {
            throw new BadInputException($"dataset.anonymization_salt_file '{path}' does not exist; point VEID_ANONYMIZATION_SALT_FILE at the salt file.");
        }

        byte[] salt = File.ReadAllBytes(path);
        int length = salt.Length;
        while (length > 0 && salt[length - 1] is (byte)'\n' or (byte)'\r')
        {
            length--;
        }

        salt = salt[..length];
        if (salt.Length < 16)
        {
            throw new BadInputException($"dataset.anonymization_salt_file '{path}' holds {salt.Length} bytes; a salt needs at least 16.");
        }

        return (new Anonymizer(salt), Anonymizer.Commitment(salt), "file");
    }

    private static List<DataFile> FindFiles(DatasetSettings d, string? baseDirectory)
    {
        var result = new List<DataFile>();
        for (int root = 0; root < d.DataPaths.Count; root++)
        {
            string path = Resolve(d.DataPaths[root], baseDirectory);
            var source = d.DataPathSources.Count > root ? d.DataPathSources[root] : null;
            string origin = source is null ? string.Empty : $" ({source.Describe()})";
            string fix = source?.Variables.Count > 0 ? $"; set {source.Variables[0].Name} to the dataset directory" : "; fix dataset.data_paths";
            if (File.Exists(path))
            {
                string? format = FormatOf(path) ?? throw new BadInputException($"dataset path '{path}' is neither a .jsonl nor a .parquet file{origin}.");
                result.Add(new DataFile(path, Path.GetFileName(path), root, format));
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Select(f => (Full: f, Relative: Path.GetRelativePath(path, f).Replace(Path.DirectorySeparatorChar, '/')))
                    .Where(f => FormatOf(f.Full) is not null && !f.Relative.Split('/').Any(part => part.StartsWith('.')))
                    .OrderBy(f => f.Relative, StringComparer.Ordinal)
                    .Select(f => new DataFile(f.Full, f.Relative, root, FormatOf(f.Full)!))
                    .ToList();
                if (found.Count == 0)
                {
                    throw new BadInputException($"dataset directory '{path}' contains no .jsonl or .parquet files{origin}.");
                }

                result.AddRange(found);
            }
            else
            {
                throw new BadInputException($"dataset path '{path}' does not exist{origin}{fix}.");
            }
        }

        return result;
    }

    private static string? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" => "jsonl",
        ".parquet" => "parquet",
        _ => null,
    };

    private static string Resolve(string path, string? baseDirectory) =>
        Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory());

    private static DatasetSplit BuildSplit(string name, List<Sample>? samples)
    {
        samples ??= [];
        samples.Sort((a, b) => string.CompareOrdinal(a.AnonymizedId, b.AnonymizedId));
        int n = samples.Count;
        var features = new float[n * FeatureSchema.Dimension];
        var labels = new float[n];
        var types = new string[n];
        var genuine = new bool[n];
        var ids = new string[n];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] labelBytes = new byte[4];
        for (int i = 0; i < n; i++)
        {
            var s = samples[i];
            s.Features.CopyTo(features, i * FeatureSchema.Dimension);
            labels[i] = s.Label;
            types[i] = s.DocumentType;
            genuine[i] = s.IsGenuine;
            ids[i] = s.AnonymizedId;

            // Split digest: per sample, UTF-8 id, LF, label and 768 features as little-endian float32.
            hash.AppendData(Encoding.UTF8.GetBytes(s.AnonymizedId));
            hash.AppendData("\n"u8);
            BinaryPrimitives.WriteSingleLittleEndian(labelBytes, s.Label);
            hash.AppendData(labelBytes);
            hash.AppendData(FloatBytes(s.Features));
        }

        return new DatasetSplit
        {
            Name = name,
            Features = features,
            Labels = labels,
            DocumentTypes = types,
            IsGenuine = genuine,
            AnonymizedIds = ids,
            Digest = Convert.ToHexStringLower(hash.GetHashAndReset()),
        };
    }

    private static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    private static JsonObject IngestionNode(DatasetSettings d) => new()
    {
        ["doc_types"] = new JsonArray(d.DocTypes.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
        ["min_face_confidence"] = d.MinFaceConfidence,
        ["min_doc_quality"] = d.MinDocQuality,
        ["min_ocr_confidence"] = d.MinOcrConfidence,
        ["balance_classes"] = d.BalanceClasses,
        ["min_samples_per_class"] = d.MinSamplesPerClass,
        ["max_samples"] = d.MaxSamples,
        ["train_split"] = d.TrainSplit,
        ["val_split"] = d.ValSplit,
        ["test_split"] = d.TestSplit,
        ["random_seed"] = d.RandomSeed.ToString(CultureInfo.InvariantCulture),
        ["anonymize"] = d.Anonymize,
        ["anonymization_method"] = d.AnonymizationMethod,
    };

    private sealed record DataFile(string FullPath, string RelativePath, int Root, string Format);

    private sealed record Sample(string AnonymizedId, float[] Features, float Label, string DocumentType, bool IsGenuine);
}
