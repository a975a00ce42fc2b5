using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Config;
using TrustScore.Consensus.Json;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.Evaluation;
using TrustScore.Export;
using TrustScore.IO;

namespace TrustScore.Training;

/// <summary>
/// The whole of runbook §1.2–1.4 and §2 as one operation, behind <c>trustscore train</c>: load
/// and validate the config, load the dataset, record the resolved config, train, turn the
/// result into the consensus weights (BatchNorm folded, scaling inside), evaluate the test split
/// with the consensus scorer exactly as validators will run it, write the reports, and export a
/// version directory only when every gate passed. <see cref="ExportCheckpoint"/> does the same
/// from an existing run's checkpoint, behind <c>trustscore export</c>.
/// </summary>
public static class TrainingPipeline
{
    /// <summary>Test rows added to the generated conformance vectors.</summary>
    public const int ConformanceTestRows = 8;

    /// <summary>
    /// The one mapping from the config to the trainer (runbook §1.2): the <c>model</c> section's
    /// architecture and training keys, <c>features</c> scaling, and the <c>determinism</c> seed.
    /// </summary>
    /// <param name="config">The resolved config.</param>
    /// <param name="threads">Worker threads; null means <c>determinism.intra_op_parallelism</c> (at least 1).</param>
    public static TrainerOptions ToTrainerOptions(TrainingConfig config, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var m = config.Model;
        var t = config.Training;
        FeatureScaling scaling = !config.Features.NormalizeFeatures ? FeatureScaling.None : config.Features.FeatureScaling switch
        {
            "standard" => FeatureScaling.Standard,
            "minmax" => FeatureScaling.MinMax,
            "robust" => FeatureScaling.Robust,
            _ => throw new BadInputException($"features.feature_scaling '{config.Features.FeatureScaling}' is not one of standard, minmax, robust."),
        };
        if (config.Determinism.RandomSeed < 0)
        {
            throw new BadInputException($"determinism.random_seed must be >= 0 (got {config.Determinism.RandomSeed}).");
        }

        return new TrainerOptions
        {
            HiddenLayers = m.HiddenLayers,
            DropoutRate = m.DropoutRate,
            L2Regularization = m.L2Regularization,
            UseBatchNorm = m.UseBatchNorm,
            Activation = m.Activation,
            OutputScale = m.OutputScale,
            LearningRate = t.LearningRate,
            Beta1 = t.AdamBeta1,
            Beta2 = t.AdamBeta2,
            Epsilon = t.AdamEpsilon,
            BatchSize = t.BatchSize,
            Epochs = t.Epochs,
            ReduceLr = new ReduceLrOptions
            {
                Enabled = t.ReduceLrOnPlateau.Enabled,
                Factor = t.ReduceLrOnPlateau.Factor,
                Patience = t.ReduceLrOnPlateau.Patience,
                MinLearningRate = t.ReduceLrOnPlateau.MinLr,
                MinDelta = t.ReduceLrOnPlateau.MinDelta,
            },
            EarlyStopping = new EarlyStoppingOptions
            {
                Enabled = t.EarlyStopping.Enabled,
                Patience = t.EarlyStopping.Patience,
                MinDelta = t.EarlyStopping.MinDelta,
                RestoreBestWeights = t.EarlyStopping.RestoreBestWeights,
            },
            Checkpoints = new CheckpointOptions { Enabled = true, SaveBestOnly = t.Checkpoint.SaveBestOnly },
            FeatureScaling = scaling,
            Seed = (ulong)config.Determinism.RandomSeed,
            Threads = threads ?? Math.Max(1, config.Determinism.IntraOpParallelism),
        }.Validate();
    }

    /// <summary>A dataset split as the trainer's compact training data (the arrays are shared, not copied).</summary>
    public static TrainingData ToTrainingData(DatasetSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new TrainingData(split.Features, split.Labels, FeatureSchema.Dimension);
    }

    /// <summary>The default run directory, <c>output/trust_score_YYYYMMDD</c> (UTC).</summary>
    public static string DefaultOutputDirectory(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Path.Combine("output", "trust_score_" + time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
    }

    /// <summary>The default version, <c>&lt;version_prefix&gt;YYYYMMDD_HHMMSS</c> (UTC).</summary>
    public static string DefaultVersion(TrainingConfig config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        return config.Export.VersionPrefix + time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <c>trustscore train</c>; see the class summary. Failed gates are a result, not an exception.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="progress">Per-epoch progress from the trainer, or null.</param>
    /// <param name="status">One line per stage (loading, training, evaluating, exporting), or null.</param>
    /// <param name="time">Clock for default names, timestamps and epoch times.</param>
    /// <param name="ct">Stops training after the current step (the last finished epoch stays resumable).</param>
    public static TrainingPipelineResult Run(TrainingPipelineOptions options, IProgress<EpochProgress>? progress, Action<string>? status, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var config = ConfigLoader.Load(options.ConfigPath, options.Environment);
        var (trainerOptions, outputDir, version) = Preflight(options, config, time);

        status?.Invoke($"loading dataset from {string.Join(", ", config.Dataset.DataPaths)}");
        var dataset = DatasetLoader.Load(config);
        foreach (string warning in dataset.Warnings)
        {
            status?.Invoke("warning: " + warning);
        }

        Directory.CreateDirectory(outputDir);
        WriteRunRecord(outputDir, config, trainerOptions, dataset.Manifest);
        status?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"training on {dataset.Train.Count} samples (validation {dataset.Validation.Count}, test {dataset.Test.Count}), up to {trainerOptions.Epochs} epochs, {trainerOptions.Threads} thread(s)"));
        var training = Trainer.Train(ToTrainingData(dataset.Train), ToTrainingData(dataset.Validation), trainerOptions, outputDir, progress, ct, options.Resume, time);
        string checkpoint = TrainingRunLayout.FinalCheckpointPath(outputDir);
        CheckpointNetwork.Save(checkpoint, training.Network, trainerOptions, training.WeightsEpoch);

        var parameters = TrainingParameters(trainerOptions, training.Network, dataset, training.WeightsEpoch, TrainingRunLayout.FinalCheckpoint);
        parameters["epochs_run"] = training.History.Count;
        parameters["stopped_epoch"] = training.StoppedEpoch;
        var result = EvaluateAndExport(outputDir, version, config, dataset, training.Network, parameters, checkpoint,
            options.SigningKeyPath, options.PreviousVersionDir, trainerOptions.Threads, status, time);
        return result with { Training = training };
    }

    /// <summary>
    /// Every check a real run makes before it starts work (trainer options, version name, output
    /// directory, resume record, signing key, previous version), shared with the dry run so a
    /// dry run that passes never hides a refusal of the real run.
    /// </summary>
    /// <exception cref="BadInputException">A check failed; the message names the field or option.</exception>
    /// <exception cref="ImmutabilityConflictException">The version already exists in the run's output.</exception>
    public static (TrainerOptions Trainer, string OutputDirectory, string Version) Preflight(TrainingPipelineOptions options, TrainingConfig config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        var trainerOptions = ToTrainerOptions(config, options.Threads);
        string outputDir = Path.GetFullPath(options.OutputDirectory ?? DefaultOutputDirectory(time));
        string version = options.Version ?? DefaultVersion(config, time);
        RequireVersionName(version);
        if (!options.Resume && File.Exists(TrainingRunLayout.LastCheckpointPath(outputDir)))
        {
            throw new BadInputException($"{outputDir} already holds a training run; pass --resume to continue it or choose a new --output-dir.");
        }

        if (Directory.Exists(Path.Combine(outputDir, TrainingRunLayout.ExportedModels, version)))
        {
            throw new ImmutabilityConflictException($"version {version} already exists in {Path.Combine(outputDir, TrainingRunLayout.ExportedModels)}; versions are write-once, choose another --version.");
        }

        string record = Path.Combine(outputDir, TrainingRunLayout.TrainingConfig);
        if (options.Resume && File.Exists(record) && (string?)ReadObject(record)["config_digest"] is string recorded && recorded != config.Digest)
        {
            throw new BadInputException($"--resume: {options.ConfigPath} resolves to config digest {config.Digest}, but the run was started with {recorded} ({record}); resume with the same config and environment.");
        }

        // Fail before hours of training, not after: the key and the previous version must be usable.
        if (options.SigningKeyPath is not null)
        {
            _ = Signing.KeyFile.ReadSigningKey(options.SigningKeyPath);
        }

        if (options.PreviousVersionDir is not null && !File.Exists(Signing.VersionLayout.ManifestPath(options.PreviousVersionDir)))
        {
            throw new BadInputException($"--previous '{options.PreviousVersionDir}' is not a version directory (no {Signing.VersionLayout.Manifest}).");
        }

        return (trainerOptions, outputDir, version);
    }

    /// <summary>
    /// Runs <c>trustscore export</c>: re-loads the run's config (its digest must match the run's
    /// record) and dataset (its digest must match too), reads the checkpoint, evaluates it on the
    /// test split and exports it when every gate passes. The same checkpoint always gives a
    /// byte-identical <c>model/</c>.
    /// </summary>
    public static TrainingPipelineResult ExportCheckpoint(CheckpointExportOptions options, Action<string>? status, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        string runDir = Path.GetFullPath(options.RunDirectory);
        RequireVersionName(options.Version);
        string recordPath = Path.Combine(runDir, TrainingRunLayout.TrainingConfig);
        if (!File.Exists(recordPath))
        {
            throw new BadInputException($"--run-dir '{options.RunDirectory}' has no {TrainingRunLayout.TrainingConfig}; pass the output directory of a 'trustscore train' run.");
        }

        JsonObject record = ReadObject(recordPath);
        string recordedDigest = (string?)record["config_digest"] ?? throw new BadInputException($"{recordPath} has no config_digest.");
        string configPath = options.ConfigPath ?? (string?)record["config_source"] ?? throw new BadInputException($"{recordPath} has no config_source; pass --config.");
        var config = ConfigLoader.Load(configPath, options.Environment);
        if (config.Digest != recordedDigest)
        {
            throw new BadInputException($"config {configPath} resolves to digest {config.Digest}, but the run was trained with {recordedDigest} ({recordPath}); pass the run's config and environment.");
        }

        var trainerOptions = ToTrainerOptions(config, options.Threads);
        status?.Invoke($"loading dataset from {string.Join(", ", config.Dataset.DataPaths)}");
        var dataset = DatasetLoader.Load(config);
        string datasetRecord = Path.Combine(runDir, TrainingRunLayout.DatasetManifest);
        if (File.Exists(datasetRecord) && (string?)ReadObject(datasetRecord)["dataset_digest"] is string recordedDataset && recordedDataset != dataset.Manifest.DatasetDigest)
        {
            throw new BadInputException($"the dataset now has digest {dataset.Manifest.DatasetDigest}, but the run was trained on {recordedDataset} ({datasetRecord}); the test split would not be the one the run held out.");
        }

        string checkpoint = Path.GetFullPath(options.CheckpointPath ?? TrainingRunLayout.FinalCheckpointPath(runDir));
        var network = CheckpointNetwork.Load(checkpoint, trainerOptions, FeatureSchema.Dimension);
        var (_, state, _) = Checkpoint.Read(checkpoint);
        int weightsEpoch = (int?)state["epoch"] ?? (int?)state["epochs_completed"] ?? 0;
        var parameters = TrainingParameters(trainerOptions, network, dataset, weightsEpoch, Path.GetFileName(checkpoint));
        return EvaluateAndExport(runDir, options.Version, config, dataset, network, parameters, checkpoint,
            options.SigningKeyPath, options.PreviousVersionDir, options.Threads, status, time);
    }

    private static TrainingPipelineResult EvaluateAndExport(
        string outputDir, string version, TrainingConfig config, LoadedDataset dataset, TrainedNetwork network, JsonObject parameters,
        string checkpoint, string? signingKey, string? previous, int threads, Action<string>? status, TimeProvider time)
    {
        status?.Invoke($"evaluating the test split ({dataset.Test.Count} samples) with the consensus scorer");
        var weights = network.ToInferenceWeights();
        var scorer = Scorer.FromWeights(weights);
        var evaluation = ModelEvaluation.Evaluate(scorer, dataset.Test, ModelEvaluation.Thresholds(config.Evaluation), threads: threads, rule: config.Export.Rule);
        string history = Path.Combine(outputDir, TrainingRunLayout.TrainingHistory);
        var reports = EvaluationReportWriter.Write(outputDir, evaluation, File.Exists(history) ? history : null);
        ExportResult? export = null;
        if (evaluation.Passed)
        {
            status?.Invoke($"all gates passed; exporting {version}");
            export = Exporter.Export(new ExportRequest
            {
                ExportRoot = Path.Combine(outputDir, TrainingRunLayout.ExportedModels),
                Version = version,
                Weights = weights,
                Config = config,
                Dataset = dataset.Manifest,
                ConformanceRows = [.. Enumerable.Range(0, Math.Min(ConformanceTestRows, dataset.Test.Count))
                    .Select(i => (string.Create(CultureInfo.InvariantCulture, $"test-row-{i}"), dataset.Test.Row(i).ToArray()))],
                Evaluation = evaluation,
                TrainingParameters = parameters,
                SigningKeyPath = signingKey,
                PreviousVersionDir = previous,
                Source = checkpoint,
                Time = time,
            });
        }

        return new TrainingPipelineResult
        {
            OutputDirectory = outputDir,
            Version = version,
            Config = config,
            Dataset = dataset.Manifest,
            Checkpoint = checkpoint,
            WeightsDigest = network.WeightsDigest(),
            Evaluation = evaluation,
            Reports = reports,
            Export = export,
        };
    }

    private static JsonObject TrainingParameters(TrainerOptions options, TrainedNetwork network, LoadedDataset dataset, int weightsEpoch, string checkpoint) => new()
    {
        ["trainer_options"] = options.ToJson(),
        ["trainer_options_digest"] = options.Digest(),
        ["seed"] = options.Seed,
        ["weights_epoch"] = weightsEpoch,
        ["weights_digest"] = network.WeightsDigest(),
        ["checkpoint"] = checkpoint,
        ["train_samples"] = dataset.Train.Count,
        ["validation_samples"] = dataset.Validation.Count,
        ["test_samples"] = dataset.Test.Count,
        ["batch_norm_folded"] = network.UseBatchNorm,
        ["feature_scaling"] = network.Scaler.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Writes <c>training_config.json</c> (the resolved config, its digest, where it came from and
    /// the trainer options it maps to) and <c>dataset_manifest.json</c>.
    /// </summary>
    private static void WriteRunRecord(string outputDir, TrainingConfig config, TrainerOptions options, DatasetManifest dataset)
    {
        var record = new JsonObject
        {
            ["config"] = config.ToJsonNode(),
            ["config_digest"] = config.Digest,
            ["config_version"] = config.ConfigVersion,
            ["config_source"] = Path.GetFullPath(config.SourcePath),
            ["not_applicable"] = new JsonArray([.. config.NotApplicable.Select(s => (JsonNode)s)]),
            ["trainer_options"] = options.ToJson(),
            ["trainer_options_digest"] = options.Digest(),
        };
        AtomicFile.WriteAllBytes(Path.Combine(outputDir, TrainingRunLayout.TrainingConfig), CanonicalJson.ToUtf8Bytes(record));
        AtomicFile.WriteAllText(Path.Combine(outputDir, TrainingRunLayout.DatasetManifest), dataset.ToCanonicalJson());
    }

    private static void RequireVersionName(string version)
    {
        Registry.VersionName.Validate(version);
    }

    private static JsonObject ReadObject(string path)
    {
        try
        {
            return StrictJson.ParseNode(File.ReadAllBytes(path)) as JsonObject ?? throw new BadInputException($"{path} is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }
}
