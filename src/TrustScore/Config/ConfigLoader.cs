using TrustScore.Data;
using TrustScore.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrustScore.Config;

/// <summary>
/// Loads <c>configs/trust_score_v1.yaml</c> (runbook §1.2) into a validated
/// <see cref="TrainingConfig"/>. Keys and defaults match upstream's file; unknown keys, wrong
/// types, unset variables and inconsistent values are <see cref="BadInputException"/>s naming file,
/// line, column, key path, and expected versus found.
/// </summary>
public static class ConfigLoader
{
    private static readonly string[] ScalingMethods = ["standard", "minmax", "robust"];

    /// <summary>Loads and validates the config at <paramref name="path"/>.</summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="environment">Variables for <c>${VAR}</c> expansion; null means the process environment.</param>
    public static TrainingConfig Load(string path, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: config file not found.");
        }

        string text = File.ReadAllText(path);
        return Parse(text, path, environment ?? VariableExpander.ProcessEnvironment());
    }

    /// <summary>Parses config text; <paramref name="path"/> is used in messages and as the source.</summary>
    public static TrainingConfig Parse(string text, string path, IReadOnlyDictionary<string, string?> environment)
    {
        YamlStream stream;
        try
        {
            stream = StrictYaml.Load(text);
        }
        catch (YamlException ex)
        {
            string reason = (ex.InnerException?.Message ?? ex.Message).Split('\n')[0].TrimEnd('.');
            throw new BadInputException($"{path}:{ex.Start.Line}:{ex.Start.Column}: malformed YAML: {reason}.", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some structural errors without a position; find the last good event.
            var mark = LastParsedMark(text);
            throw new BadInputException($"{path}:{mark.Line}:{mark.Column}: malformed YAML: the structure breaks after this point (unclosed bracket or bad indentation?).", ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new BadInputException($"{path}:1:1: expected one YAML document whose top level is a mapping of sections.");
        }

        var expander = new VariableExpander(environment);
        var top = new ConfigSection(path, string.Empty, root, expander, root.Start);
        return Read(top, path);
    }

    private static Mark LastParsedMark(string text)
    {
        var parser = new Parser(new StringReader(text));
        Mark mark = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                mark = parser.Current?.End ?? mark;
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            return ex is YamlException y ? y.Start : mark;
        }

        return mark;
    }

    private static TrainingConfig Read(ConfigSection top, string path)
    {
        var ds = top.Section("dataset");
        var dataset = ReadDataset(ds);
        var pre = top.Section("preprocessing");
        var preprocessing = new PreprocessingSettings
        {
            ImageSize = pre.IntList("image_size", [224, 224]),
            NormalizeImages = pre.Bool("normalize_images", true),
            NormalizeMean = pre.DoubleList("normalize_mean", [0.485, 0.456, 0.406]),
            NormalizeStd = pre.DoubleList("normalize_std", [0.229, 0.224, 0.225]),
            ApplyOrientationCorrection = pre.Bool("apply_orientation_correction", true),
            ApplyPerspectiveCorrection = pre.Bool("apply_perspective_correction", true),
            ApplyEnhancement = pre.Bool("apply_enhancement", true),
            OcrLanguage = pre.String("ocr_language", "eng"),
            OcrTimeoutSeconds = pre.Double("ocr_timeout_seconds", 10.0),
        };
        pre.RejectUnknownKeys();

        var aug = top.Section("augmentation");
        var augmentation = new AugmentationSettings
        {
            Enabled = aug.Bool("enabled", true),
            AugmentationTypes = aug.StringList("augmentation_types", ["brightness", "contrast", "rotation", "blur", "noise"]),
            BrightnessRange = aug.DoubleList("brightness_range", [0.8, 1.2]),
            ContrastRange = aug.DoubleList("contrast_range", [0.8, 1.2]),
            RotationRange = aug.DoubleList("rotation_range", [-5.0, 5.0]),
            BlurKernelRange = aug.IntList("blur_kernel_range", [3, 7]),
            NoiseStdRange = aug.DoubleList("noise_std_range", [0.01, 0.05]),
            PerspectiveStrength = aug.Double("perspective_strength", 0.1),
            JpegQualityRange = aug.IntList("jpeg_quality_range", [70, 95]),
            AugmentationProbability = aug.Double("augmentation_probability", 0.5),
            NumAugmentedCopies = aug.Int("num_augmented_copies", 2),
        };
        aug.RejectUnknownKeys();

        var fs = top.Section("features");
        var features = new FeatureSettings
        {
            FaceEmbeddingDim = fs.Int("face_embedding_dim", 512),
            FaceEmbeddingModel = fs.String("face_embedding_model", "facenet"),
            UseFaceConfidence = fs.Bool("use_face_confidence", true),
            DocQualityFeatures = fs.StringList("doc_quality_features", ["sharpness", "brightness", "contrast", "noise_level", "blur_score"]),
            OcrFields = fs.StringList("ocr_fields", ["name", "date_of_birth", "document_number", "expiry_date", "nationality"]),
            UseOcrConfidence = fs.Bool("use_ocr_confidence", true),
            UseFieldValidation = fs.Bool("use_field_validation", true),
            UseDeviceMetadata = fs.Bool("use_device_metadata", true),
            UseSessionMetadata = fs.Bool("use_session_metadata", true),
            UseCaptureMetadata = fs.Bool("use_capture_metadata", true),
            CombinedFeatureDim = fs.Int("combined_feature_dim", FeatureSchema.Dimension),
            NormalizeFeatures = fs.Bool("normalize_features", true),
            FeatureScaling = fs.String("feature_scaling", "standard"),
        };

        var ms = top.Section("model");
        var model = new ModelSettings
        {
            InputDim = ms.Int("input_dim", FeatureSchema.Dimension),
            HiddenLayers = ms.IntList("hidden_layers", [512, 256, 128, 64]),
            DropoutRate = ms.Double("dropout_rate", 0.3),
            Activation = ms.String("activation", "relu"),
            OutputActivation = ms.String("output_activation", "sigmoid"),
            L2Regularization = ms.Double("l2_regularization", 0.01),
            UseBatchNorm = ms.Bool("use_batch_norm", true),
            OutputScale = ms.Double("output_scale", 100.0),
        };
        var training = new TrainingSettings
        {
            LearningRate = ms.Double("learning_rate", 0.001),
            BatchSize = ms.Int("batch_size", 64),
            Epochs = ms.Int("epochs", 100),
            Optimizer = ms.String("optimizer", "adam"),
            AdamBeta1 = ms.Double("adam_beta_1", 0.9),
            AdamBeta2 = ms.Double("adam_beta_2", 0.999),
            AdamEpsilon = ms.Double("adam_epsilon", 1e-7),
            ReduceLrOnPlateau = new ReduceLrOnPlateauSettings
            {
                Enabled = ms.Bool("use_lr_schedule", true),
                Factor = ms.Double("lr_decay_factor", 0.1),
                Patience = ms.Int("lr_decay_patience", 10),
                MinLr = ms.Double("min_lr", 1e-6),
            },
            EarlyStopping = new EarlyStoppingSettings
            {
                Enabled = ms.Bool("early_stopping", true),
                Patience = ms.Int("early_stopping_patience", 15),
                MinDelta = ms.Double("early_stopping_min_delta", 0.001),
            },
            Checkpoint = new CheckpointSettings
            {
                Directory = ms.String("checkpoint_dir", "output/checkpoints"),
                SaveBestOnly = ms.Bool("save_best_only", true),
            },
            TensorboardLogDir = ms.String("tensorboard_log_dir", "output/logs/tensorboard"),
            LogEveryNSteps = ms.Int("log_every_n_steps", 100),
        };

        var ex = top.Section("export");
        var export = new ExportSettings
        {
            ExportDir = ex.String("export_dir", "output/exported_models"),
            VersionPrefix = ex.String("version_prefix", "v"),
            IncludeTimestamp = ex.Bool("include_timestamp", true),
            IncludeOptimizer = ex.Bool("include_optimizer", false),
            SignatureName = ex.String("signature_name", "serving_default"),
            InputName = ex.String("input_name", "features"),
            OutputName = ex.String("output_name", "trust_score"),
            Quantize = ex.Bool("quantize", false),
            QuantizationType = ex.String("quantization_type", "float16"),
            ComputeHash = ex.Bool("compute_hash", true),
            HashAlgorithm = ex.String("hash_algorithm", "sha256"),
            ScoreRule = ex.String("score_rule", Consensus.Scoring.ScoreRule.Default.ShortName),
        };

        var ev = top.Section("evaluation");
        var evaluation = new EvaluationThresholds
        {
            MinR2 = ev.Double("min_r2", 0.85),
            MaxMae = ev.Double("max_mae", 8.0),
            MaxRmse = ev.Double("max_rmse", 10.0),
            MinAccuracy5 = ev.Double("min_accuracy_5", 0.60),
            MinAccuracy10 = ev.Double("min_accuracy_10", 0.80),
            MinAccuracy20 = ev.Double("min_accuracy_20", 0.95),
            MaxP95Error = ev.Double("max_p95_error", 15.0),
            MaxMeanBias = ev.Double("max_mean_bias", 2.0),
            MinTestSamples = ev.Int("min_test_samples", 1000),
        };

        var dt = top.Section("determinism");
        var determinism = new DeterminismSettings
        {
            ForceCpu = dt.Bool("force_cpu", true),
            RandomSeed = dt.Long("random_seed", 42),
            TfDeterministicOps = dt.Bool("tf_deterministic_ops", true),
            InterOpParallelism = dt.Int("inter_op_parallelism", 1),
            IntraOpParallelism = dt.Int("intra_op_parallelism", 1),
            Pythonhashseed = dt.Long("pythonhashseed", 42),
        };

        var config = new TrainingConfig
        {
            SourcePath = path,
            ConfigVersion = top.String("config_version", "1.0.0"),
            FeatureSchemaVersion = top.String("feature_schema_version", FeatureSchema.Version),
            DatasetVersion = top.String("dataset_version", "2024-01-v1"),
            ExperimentName = top.String("experiment_name", "trust_score_v1"),
            RandomSeed = top.Long("random_seed", 42),
            Deterministic = top.Bool("deterministic", true),
            LogLevel = top.String("log_level", "INFO"),
            Dataset = dataset,
            Preprocessing = preprocessing,
            Augmentation = augmentation,
            Features = features,
            Model = model,
            Training = training,
            Export = export,
            Evaluation = evaluation,
            Determinism = determinism,
            NotApplicable = NotApplicableNotes(preprocessing, augmentation, determinism, dataset),
        };

        // Unknown keys first: a typo'd key would otherwise surface as a confusing default.
        foreach (var section in new[] { top, ds, fs, ms, ex, ev, dt })
        {
            section.RejectUnknownKeys();
        }

        Validate(config, ds, fs, ms, ex, ev, dt);

        return config;
    }

    private static DatasetSettings ReadDataset(ConfigSection ds)
    {
        var sources = ds.ExpandedList("data_paths", ["data/veid_production"]);
        return new DatasetSettings
        {
            DataPaths = sources.Select(s => s.Value).ToList(),
            DataPathSources = sources,
            DocTypes = ds.StringList("doc_types", ["id_card", "passport", "drivers_license", "residence_permit", "national_id"]),
            TrainSplit = ds.Double("train_split", 0.8),
            ValSplit = ds.Double("val_split", 0.1),
            TestSplit = ds.Double("test_split", 0.1),
            Anonymize = ds.Bool("anonymize", true),
            AnonymizationMethod = ds.String("anonymization_method", "hash_sha256"),
            AnonymizationSaltFile = ds.String("anonymization_salt_file", string.Empty),
            MaxSamples = ds.NullableInt("max_samples"),
            BalanceClasses = ds.Bool("balance_classes", true),
            MinSamplesPerClass = ds.Int("min_samples_per_class", 100),
            MinFaceConfidence = ds.Double("min_face_confidence", 0.8),
            MinDocQuality = ds.Double("min_doc_quality", 0.6),
            MinOcrConfidence = ds.Double("min_ocr_confidence", 0.5),
            RandomSeed = ds.Long("random_seed", 42),
            CacheDir = ds.String("cache_dir", ".cache/dataset"),
            UseCache = ds.Bool("use_cache", true),
        };
    }

    private static void Validate(TrainingConfig c, ConfigSection ds, ConfigSection fs, ConfigSection ms, ConfigSection ex, ConfigSection ev, ConfigSection dt)
    {
        var d = c.Dataset;
        if (d.DataPaths.Count == 0)
        {
            throw ds.ErrorAt("data_paths", "at least one dataset path", "an empty list");
        }

        for (int i = 0; i < d.DataPaths.Count; i++)
        {
            if (d.DataPaths[i].Trim().Length == 0)
            {
                throw ds.ErrorAt("data_paths", "a non-empty path", $"an empty string at data_paths[{i}] ({d.DataPathSources[i].Describe()})");
            }
        }

        if (d.DocTypes.Count == 0)
        {
            throw ds.ErrorAt("doc_types", "at least one document type", "an empty list");
        }

        RequireUnit(ds, "train_split", d.TrainSplit);
        RequireUnit(ds, "val_split", d.ValSplit);
        RequireUnit(ds, "test_split", d.TestSplit);
        double sum = d.TrainSplit + d.ValSplit + d.TestSplit;
        if (Math.Abs(sum - 1.0) > 1e-9)
        {
            throw ds.ErrorAt("train_split", "train_split + val_split + test_split = 1", FormattableString.Invariant($"{d.TrainSplit} + {d.ValSplit} + {d.TestSplit} = {sum}"));
        }

        if (d.TrainSplit <= 0 || d.ValSplit <= 0 || d.TestSplit <= 0)
        {
            throw ds.ErrorAt("train_split", "every split (train, val, test) greater than 0", FormattableString.Invariant($"{d.TrainSplit}/{d.ValSplit}/{d.TestSplit}"));
        }

        if (d.AnonymizationMethod != "hash_sha256")
        {
            throw ds.ErrorAt("anonymization_method", "'hash_sha256' (keyed HMAC-SHA256)", $"'{d.AnonymizationMethod}'");
        }

        if (d.MaxSamples is <= 0)
        {
            throw ds.ErrorAt("max_samples", "null or a positive integer", d.MaxSamples.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        RequireRange(ds, "min_samples_per_class", d.MinSamplesPerClass, 1, int.MaxValue);
        RequireUnit(ds, "min_face_confidence", d.MinFaceConfidence);
        RequireUnit(ds, "min_doc_quality", d.MinDocQuality);
        RequireUnit(ds, "min_ocr_confidence", d.MinOcrConfidence);

        var f = c.Features;
        if (f.CombinedFeatureDim != c.Model.InputDim)
        {
            throw fs.ErrorAt("combined_feature_dim", $"a value equal to model.input_dim ({c.Model.InputDim})", f.CombinedFeatureDim.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (f.CombinedFeatureDim != FeatureSchema.Dimension)
        {
            throw fs.ErrorAt("combined_feature_dim", $"{FeatureSchema.Dimension} (feature schema v2)", f.CombinedFeatureDim.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (f.FaceEmbeddingDim != 512)
        {
            throw fs.ErrorAt("face_embedding_dim", "512 (feature schema v2)", f.FaceEmbeddingDim.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!ScalingMethods.Contains(f.FeatureScaling, StringComparer.Ordinal))
        {
            throw fs.ErrorAt("feature_scaling", "one of standard, minmax, robust", $"'{f.FeatureScaling}'");
        }

        var m = c.Model;
        if (m.HiddenLayers.Count == 0 || m.HiddenLayers.Any(h => h <= 0))
        {
            throw ms.ErrorAt("hidden_layers", "a non-empty list of positive widths", $"[{string.Join(", ", m.HiddenLayers)}]");
        }

        if (m.DropoutRate is < 0 or >= 1)
        {
            throw ms.ErrorAt("dropout_rate", "a value in [0, 1)", Invariant(m.DropoutRate));
        }

        RequireOneOf(ms, "activation", m.Activation, "relu");
        RequireOneOf(ms, "output_activation", m.OutputActivation, "sigmoid");
        RequireOneOf(ms, "optimizer", c.Training.Optimizer, "adam");
        RequirePositive(ms, "output_scale", m.OutputScale);
        if (m.L2Regularization < 0)
        {
            throw ms.ErrorAt("l2_regularization", "a value ≥ 0", Invariant(m.L2Regularization));
        }

        var t = c.Training;
        RequirePositive(ms, "learning_rate", t.LearningRate);
        RequireRange(ms, "batch_size", t.BatchSize, 1, 1 << 20);
        RequireRange(ms, "epochs", t.Epochs, 1, 1_000_000);
        RequireOpenUnit(ms, "adam_beta_1", t.AdamBeta1);
        RequireOpenUnit(ms, "adam_beta_2", t.AdamBeta2);
        RequirePositive(ms, "adam_epsilon", t.AdamEpsilon);
        RequireOpenUnit(ms, "lr_decay_factor", t.ReduceLrOnPlateau.Factor);
        RequireRange(ms, "lr_decay_patience", t.ReduceLrOnPlateau.Patience, 0, int.MaxValue);
        if (t.ReduceLrOnPlateau.MinLr < 0)
        {
            throw ms.ErrorAt("min_lr", "a value ≥ 0", Invariant(t.ReduceLrOnPlateau.MinLr));
        }

        RequireRange(ms, "early_stopping_patience", t.EarlyStopping.Patience, 0, int.MaxValue);
        if (t.EarlyStopping.MinDelta < 0)
        {
            throw ms.ErrorAt("early_stopping_min_delta", "a value ≥ 0", Invariant(t.EarlyStopping.MinDelta));
        }

        RequireRange(ms, "log_every_n_steps", t.LogEveryNSteps, 1, int.MaxValue);

        var x = c.Export;
        if (x.Quantize)
        {
            throw ex.ErrorAt("quantize", "false (quantisation would break the bit-exact numerics contract)", "true");
        }

        RequireOneOf(ex, "hash_algorithm", x.HashAlgorithm, "sha256");
        if (Consensus.Scoring.ScoreRule.All.All(r => r.ShortName != x.ScoreRule))
        {
            throw ex.ErrorAt("score_rule", "\"truncate\" (the VirtEngine node's rule) or \"round-half-up\"", $"\"{x.ScoreRule}\"");
        }
        if (x.InputName.Length == 0 || x.OutputName.Length == 0)
        {
            throw ex.ErrorAt(x.InputName.Length == 0 ? "input_name" : "output_name", "a non-empty tensor name", "an empty string");
        }

        var e = c.Evaluation;
        if (e.MinR2 is <= 0 or > 1)
        {
            throw ev.ErrorAt("min_r2", "a value in (0, 1]", Invariant(e.MinR2));
        }

        RequireScoreRange(ev, "max_mae", e.MaxMae);
        RequireScoreRange(ev, "max_rmse", e.MaxRmse);
        RequireScoreRange(ev, "max_p95_error", e.MaxP95Error);
        RequireScoreRange(ev, "max_mean_bias", e.MaxMeanBias);
        RequireUnit(ev, "min_accuracy_5", e.MinAccuracy5);
        RequireUnit(ev, "min_accuracy_10", e.MinAccuracy10);
        RequireUnit(ev, "min_accuracy_20", e.MinAccuracy20);
        RequireRange(ev, "min_test_samples", e.MinTestSamples, 1, int.MaxValue);

        RequireRange(dt, "inter_op_parallelism", c.Determinism.InterOpParallelism, 0, 4096);
        RequireRange(dt, "intra_op_parallelism", c.Determinism.IntraOpParallelism, 0, 4096);
    }

    private static List<string> NotApplicableNotes(PreprocessingSettings pre, AugmentationSettings aug, DeterminismSettings det, DatasetSettings ds)
    {
        var notes = new List<string>
        {
            "preprocessing: image-level settings; not applicable to feature-level records (nothing is resized, normalised or OCR'd).",
            aug.Enabled
                ? "augmentation: enabled in the config, but image augmentations cannot be applied to feature vectors; no augmented copies are made."
                : "augmentation: image-level settings; not applicable to feature-level records.",
            "determinism.tf_deterministic_ops, determinism.pythonhashseed: TensorFlow/Python switches; not applicable (TrustScore is bit-exact by construction, docs/numerics.md).",
        };
        if (!det.ForceCpu)
        {
            notes.Add("determinism.force_cpu is false, but TrustScore always trains on the CPU.");
        }

        if (ds.UseCache)
        {
            notes.Add("dataset.use_cache/cache_dir: no dataset cache is kept; records are streamed and verified on every load.");
        }

        _ = pre;
        return notes;
    }

    private static string Invariant(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static void RequireUnit(ConfigSection s, string key, double v)
    {
        if (v is < 0 or > 1)
        {
            throw s.ErrorAt(key, "a value in [0, 1]", Invariant(v));
        }
    }

    private static void RequireOpenUnit(ConfigSection s, string key, double v)
    {
        if (v is <= 0 or >= 1)
        {
            throw s.ErrorAt(key, "a value in (0, 1)", Invariant(v));
        }
    }

    private static void RequirePositive(ConfigSection s, string key, double v)
    {
        if (v <= 0)
        {
            throw s.ErrorAt(key, "a value > 0", Invariant(v));
        }
    }

    private static void RequireScoreRange(ConfigSection s, string key, double v)
    {
        if (v is <= 0 or > 100)
        {
            throw s.ErrorAt(key, "a value in (0, 100] (score points)", Invariant(v));
        }
    }

    private static void RequireRange(ConfigSection s, string key, int v, int min, int max)
    {
        if (v < min || v > max)
        {
            string expected = max == int.MaxValue ? $"an integer ≥ {min}" : $"an integer in [{min}, {max}]";
            throw s.ErrorAt(key, expected, v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void RequireOneOf(ConfigSection s, string key, string v, string allowed)
    {
        if (!string.Equals(v, allowed, StringComparison.Ordinal))
        {
            throw s.ErrorAt(key, $"'{allowed}' (the only one implemented)", $"'{v}'");
        }
    }
}
