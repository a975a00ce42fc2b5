using System.Diagnostics;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Numerics;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Training;

/// <summary>
/// The reproducible trainer (runbook §1.3–1.4). Keras semantics (Adam, MSE on 0–100,
/// L2 on hidden kernels, BatchNorm, inverted dropout, ReduceLROnPlateau, EarlyStopping with
/// best-weight restore, best-only checkpoints) in fixed-order float32 arithmetic, so the same
/// data, options and seed give the same weights digest on any thread count or CPU, and a run
/// resumed from <c>checkpoints/last.ckpt</c> ends exactly where an uninterrupted one does.
/// Writes <c>checkpoints/</c>, <c>training_history.json</c> and
/// <c>logs/tensorboard/{train,validation}/events.out.tfevents.*</c> under the output directory.
/// </summary>
public static class Trainer
{
    /// <summary>File name of the resumable state inside <c>checkpoints/</c>.</summary>
    public const string LastCheckpointName = "last.ckpt";

    /// <summary>Trains a network; see the class summary.</summary>
    /// <exception cref="BadInputException">Bad options or data, or an unusable resume state.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> fired (the last completed epoch is checkpointed).</exception>
    public static TrainingResult Train(
        TrainingData train, TrainingData validation, TrainerOptions options, string outputDir,
        IProgress<EpochProgress>? progress, CancellationToken ct, bool resume = false, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outputDir);
        options = options.Validate();
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new BadInputException($"training needs non-empty train and validation splits (got {train.Count} and {validation.Count} rows).");
        }

        if (train.Width != validation.Width)
        {
            throw new BadInputException($"train width {train.Width} differs from validation width {validation.Width}.");
        }

        var time = timeProvider ?? TimeProvider.System;
        var run = new Run(train, validation, options, outputDir, progress, time);
        return run.Execute(resume, ct);
    }

    private sealed class Run
    {
        private readonly TrainingData train;
        private readonly TrainingData validation;
        private readonly TrainerOptions options;
        private readonly string outputDir;
        private readonly string checkpointDir;
        private readonly IProgress<EpochProgress>? progress;
        private readonly TimeProvider time;
        private readonly FeatureScaler scaler;
        private readonly Mlp mlp;
        private readonly Adam adam;
        private readonly ReduceLrOnPlateau plateau;
        private readonly EarlyStopping stopper;
        private readonly List<EpochRecord> history = [];
        private readonly float[] labels;
        private readonly float batchNormEpsilon;
        private readonly float outputScale;
        private readonly double lambda;
        private float learningRate;
        private double checkpointBest = double.PositiveInfinity;
        private TrainedNetwork? best;
        private int epochsCompleted;
        private bool finished;

        public Run(TrainingData train, TrainingData validation, TrainerOptions options, string outputDir, IProgress<EpochProgress>? progress, TimeProvider time)
        {
            this.train = train;
            this.validation = validation;
            this.options = options;
            this.outputDir = Path.GetFullPath(outputDir);
            checkpointDir = Path.Combine(this.outputDir, "checkpoints");
            this.progress = progress;
            this.time = time;
            batchNormEpsilon = (float)options.BatchNormEpsilon;
            outputScale = (float)options.OutputScale;
            float l2 = (float)options.L2Regularization;
            lambda = l2;
            scaler = FeatureScaler.Fit(train, options.FeatureScaling);
            mlp = new Mlp(train.Width, options.HiddenLayers, options.UseBatchNorm, (float)options.DropoutRate, batchNormEpsilon,
                (float)options.BatchNormMomentum, outputScale, options.BatchSize, options.Threads);
            mlp.Initialize(options.Seed);
            adam = new Adam(mlp.Parameters, (float)options.Beta1, (float)options.Beta2, (float)options.Epsilon, l2, options.Threads);
            plateau = new ReduceLrOnPlateau(options.ReduceLr);
            stopper = new EarlyStopping(options.EarlyStopping);
            learningRate = (float)options.LearningRate;
            labels = new float[options.BatchSize];
        }

        private string LastPath => Path.Combine(checkpointDir, LastCheckpointName);

        private bool RestoresBest => options.EarlyStopping.Enabled && options.EarlyStopping.RestoreBestWeights;

        public TrainingResult Execute(bool resume, CancellationToken ct)
        {
            if (resume)
            {
                LoadLast();
            }
            else if (File.Exists(LastPath))
            {
                throw new BadInputException($"{outputDir} already holds a training run ({LastPath}); pass --resume to continue it or choose a new --output-dir.");
            }

            Directory.CreateDirectory(checkpointDir);
            if (!finished)
            {
                var now = time.GetUtcNow();
                using var trainLog = new TfEventsWriter(Path.Combine(outputDir, "logs", "tensorboard", "train"), now);
                using var validationLog = new TfEventsWriter(Path.Combine(outputDir, "logs", "tensorboard", "validation"), now);
                var order = new int[train.Count];
                for (int epoch = epochsCompleted; epoch < options.Epochs && !finished; epoch++)
                {
                    ct.ThrowIfCancellationRequested();
                    RunEpoch(epoch, order, trainLog, validationLog, ct);
                }
            }

            if (RestoresBest && best is not null)
            {
                best.Load(mlp);
            }

            var network = TrainedNetwork.Capture(mlp, options.HiddenLayers, batchNormEpsilon, outputScale, scaler);
            return new TrainingResult
            {
                Network = network,
                History = history.ToArray(),
                WeightsEpoch = RestoresBest && stopper.BestEpoch >= 0 ? stopper.BestEpoch + 1 : epochsCompleted,
                StoppedEpoch = stopper.StoppedEpoch >= 0 ? stopper.StoppedEpoch + 1 : null,
                OutputDirectory = outputDir,
            };
        }

        private void RunEpoch(int epoch, int[] order, TfEventsWriter trainLog, TfEventsWriter validationLog, CancellationToken ct)
        {
            long started = time.GetTimestamp();
            long t = TrainingPhaseTimer.Start();
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            CounterRng.Create(options.Seed, RngPurpose.Shuffle, (ulong)epoch).Permutation(order);
            TrainingPhaseTimer.Stop(TrainingPhase.ShuffleGather, t);
            int batch = options.BatchSize;
            int steps = (train.Count + batch - 1) / batch;
            int reportEvery = Math.Max(1, steps / 100);
            double lossSum = 0, maeSum = 0;
            int seen = 0;
            int width = train.Width;
            for (int step = 0; step < steps; step++)
            {
                ct.ThrowIfCancellationRequested();
                t = TrainingPhaseTimer.Start();
                int rows = Math.Min(batch, train.Count - (step * batch));
                var input = mlp.Input;
                for (int i = 0; i < rows; i++)
                {
                    int index = order[(step * batch) + i];
                    scaler.Apply(input.Slice(i * width, width), train.Row(index));
                    labels[i] = train.Labels[index];
                }

                TrainingPhaseTimer.Stop(TrainingPhase.ShuffleGather, t);
                mlp.ForwardTraining(rows, options.Seed, epoch, step);
                t = TrainingPhaseTimer.Start();
                (double mse, double mae) = Errors(mlp.Predictions[..rows], labels.AsSpan(0, rows));
                t = TrainingPhaseTimer.Stop(TrainingPhase.OutputHead, t);
                double penalty = mlp.L2Penalty(lambda);
                TrainingPhaseTimer.Stop(TrainingPhase.L2Penalty, t);
                lossSum += (mse + penalty) * rows;
                maeSum += mae * rows;
                seen += rows;
                mlp.Backward(rows, labels.AsSpan(0, rows));
                t = TrainingPhaseTimer.Start();
                adam.Update(learningRate);
                TrainingPhaseTimer.Stop(TrainingPhase.Adam, t);
                mlp.RefreshTransposedWeights();
                if (progress is not null && ((step + 1) % reportEvery == 0) && step + 1 < steps)
                {
                    progress.Report(new EpochProgress(epoch + 1, options.Epochs, step + 1, steps, lossSum / seen, maeSum / seen, false, null, null, learningRate, time.GetElapsedTime(started)));
                }
            }

            double trainLoss = lossSum / seen;
            double trainMae = maeSum / seen;
            t = TrainingPhaseTimer.Start();
            (double valMse, double valMae) = Evaluate();
            double valLoss = valMse + mlp.L2Penalty(lambda);
            t = TrainingPhaseTimer.Stop(TrainingPhase.Validation, t);
            var elapsed = time.GetElapsedTime(started);
            var record = new EpochRecord(epoch + 1, trainLoss, trainMae, valLoss, valMae, learningRate, elapsed.TotalSeconds);
            history.Add(record);
            var now = time.GetUtcNow();
            trainLog.WriteScalar("epoch_loss", (float)trainLoss, epoch, now);
            trainLog.WriteScalar("epoch_mae", (float)trainMae, epoch, now);
            trainLog.WriteScalar("epoch_learning_rate", learningRate, epoch, now);
            validationLog.WriteScalar("epoch_loss", (float)valLoss, epoch, now);
            validationLog.WriteScalar("epoch_mae", (float)valMae, epoch, now);

            // Callbacks in the upstream order: ModelCheckpoint, EarlyStopping, ReduceLROnPlateau.
            if (options.Checkpoints.Enabled && (!options.Checkpoints.SaveBestOnly || valLoss < checkpointBest))
            {
                checkpointBest = Math.Min(checkpointBest, valLoss);
                string name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model_{epoch + 1:000}_{valLoss:0.0000}.ckpt");
                Checkpoint.Write(Path.Combine(checkpointDir, name), "model", ModelState(epoch, valLoss), CheckpointJsonContext.Default.ModelCheckpointState, ModelTensors(mlp.Parameters.Select(p => (p.Name, p.Values))));
            }

            var (improved, stop) = stopper.OnEpochEnd(epoch, valLoss);
            if (improved && RestoresBest)
            {
                best = TrainedNetwork.Capture(mlp, options.HiddenLayers, batchNormEpsilon, outputScale, scaler);
            }

            learningRate = plateau.OnEpochEnd(valLoss, learningRate);
            epochsCompleted = epoch + 1;
            finished = stop || epochsCompleted >= options.Epochs;
            SaveLast();
            WriteHistory();
            TrainingPhaseTimer.Stop(TrainingPhase.EpochEnd, t);
            progress?.Report(new EpochProgress(epoch + 1, options.Epochs, steps, steps, trainLoss, trainMae, true, valLoss, valMae, record.LearningRate, elapsed));
        }

        private (double Mse, double Mae) Evaluate()
        {
            double squares = 0, absolute = 0;
            int width = validation.Width;
            for (int start = 0; start < validation.Count; start += mlp.MaxRows)
            {
                int n = Math.Min(mlp.MaxRows, validation.Count - start);
                for (int i = 0; i < n; i++)
                {
                    scaler.Apply(mlp.Input.Slice(i * width, width), validation.Row(start + i));
                }

                mlp.ForwardInference(n);
                for (int i = 0; i < n; i++)
                {
                    double e = (double)mlp.Predictions[i] - validation.Labels[start + i];
                    squares += e * e;
                    absolute += Math.Abs(e);
                }
            }

            return (squares / validation.Count, absolute / validation.Count);
        }

        private static (double Mse, double Mae) Errors(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
        {
            double squares = 0, absolute = 0;
            for (int i = 0; i < predictions.Length; i++)
            {
                double e = (double)predictions[i] - targets[i];
                squares += e * e;
                absolute += Math.Abs(e);
            }

            return (squares / predictions.Length, absolute / predictions.Length);
        }

        private ModelCheckpointState ModelState(int epoch, double valLoss) =>
            new(epoch + 1, options.Digest(), train.Width, scaler.Kind.ToString().ToLowerInvariant(), ValLoss: valLoss);

        private List<(string Name, float[] Values)> ModelTensors(IEnumerable<(string Name, float[] Values)> parameters) =>
        [
            .. parameters.Select(p => ("param:" + p.Name, p.Values)),
            ("scaler:center", (float[])scaler.Center),
            ("scaler:multiplier", (float[])scaler.Multiplier),
        ];

        private void SaveLast()
        {
            var state = new LastCheckpointState(
                epochsCompleted,
                finished,
                options.Digest(),
                train.Count,
                validation.Count,
                train.Width,
                Checkpoint.Bits(learningRate),
                adam.Step,
                Checkpoint.Bits(adam.Beta1Power),
                Checkpoint.Bits(adam.Beta2Power),
                Checkpoint.Bits(plateau.Best),
                plateau.Wait,
                plateau.Cooldown,
                Checkpoint.Bits(stopper.Best),
                stopper.Wait,
                stopper.BestEpoch,
                stopper.StoppedEpoch,
                Checkpoint.Bits(checkpointBest),
                best is not null,
                [.. history]);
            var tensors = ModelTensors(mlp.Parameters.Select(p => (p.Name, p.Values)));
            for (int t = 0; t < adam.Tensors.Count; t++)
            {
                tensors.Add(("adam_m:" + adam.Tensors[t].Name, adam.M[t]));
                tensors.Add(("adam_v:" + adam.Tensors[t].Name, adam.V[t]));
            }

            if (best is not null)
            {
                tensors.AddRange(best.Tensors.Select(t => ("best:" + t.Name, (float[])t.Values)));
            }

            Checkpoint.Write(LastPath, "last", state, CheckpointJsonContext.Default.LastCheckpointState, tensors);
        }

        private void LoadLast()
        {
            var (kind, json, tensors) = Checkpoint.Read(LastPath);
            if (kind != "last")
            {
                throw new BadInputException($"{LastPath} is a '{kind}' checkpoint, not a resumable 'last' state.");
            }

            var state = Checkpoint.ReadState(LastPath, json, CheckpointJsonContext.Default.LastCheckpointState);
            if (state.OptionsDigest != options.Digest() || state.TrainRows != train.Count
                || state.ValidationRows != validation.Count || state.InputWidth != train.Width)
            {
                throw new BadInputException($"{LastPath} was written for other options or data; --resume needs the same config and dataset.");
            }

            float[] Tensor(string name) => tensors.TryGetValue(name, out var v) ? v
                : throw new BadInputException($"{LastPath} lacks tensor {name}.");

            foreach (var p in mlp.Parameters)
            {
                float[] v = Tensor("param:" + p.Name);
                if (v.Length != p.Values.Length)
                {
                    throw new BadInputException($"{LastPath}: tensor {p.Name} has {v.Length} values, expected {p.Values.Length}.");
                }

                v.CopyTo(p.Values, 0);
            }

            if (!Tensor("scaler:center").AsSpan().SequenceEqual((float[])scaler.Center) || !Tensor("scaler:multiplier").AsSpan().SequenceEqual((float[])scaler.Multiplier))
            {
                throw new BadInputException($"{LastPath}: the feature scaling statistics differ from this training split.");
            }

            for (int t = 0; t < adam.Tensors.Count; t++)
            {
                Tensor("adam_m:" + adam.Tensors[t].Name).CopyTo(adam.M[t], 0);
                Tensor("adam_v:" + adam.Tensors[t].Name).CopyTo(adam.V[t], 0);
            }

            mlp.RefreshTransposedWeights();
            epochsCompleted = state.EpochsCompleted;
            finished = state.Finished;
            learningRate = Checkpoint.SingleFromBits(state.LearningRateBits);
            adam.Step = state.AdamStep;
            adam.Beta1Power = Checkpoint.SingleFromBits(state.AdamBeta1PowerBits);
            adam.Beta2Power = Checkpoint.SingleFromBits(state.AdamBeta2PowerBits);
            plateau.Best = Checkpoint.DoubleFromBits(state.PlateauBestBits);
            plateau.Wait = state.PlateauWait;
            plateau.Cooldown = state.PlateauCooldown;
            stopper.Best = Checkpoint.DoubleFromBits(state.StoppingBestBits);
            stopper.Wait = state.StoppingWait;
            stopper.BestEpoch = state.StoppingBestEpoch;
            stopper.StoppedEpoch = state.StoppingStoppedEpoch;
            checkpointBest = Checkpoint.DoubleFromBits(state.CheckpointBestBits);
            if (state.HasBest)
            {
                best = new TrainedNetwork(train.Width, options.HiddenLayers, options.UseBatchNorm, batchNormEpsilon, outputScale,
                    [.. mlp.Parameters.Select(p => new NamedTensor(p.Name, Tensor("best:" + p.Name)))], scaler);
            }

            history.AddRange(state.History);
        }

        private void WriteHistory()
        {
            JsonArray Column(Func<EpochRecord, JsonNode> select) => new([.. history.Select(select)]);
            var json = new JsonObject
            {
                ["epoch"] = Column(e => e.Epoch),
                ["loss"] = Column(e => e.Loss),
                ["mae"] = Column(e => e.Mae),
                ["val_loss"] = Column(e => e.ValLoss),
                ["val_mae"] = Column(e => e.ValMae),
                ["lr"] = Column(e => e.LearningRate),
                ["time_s"] = Column(e => e.TimeSeconds),
                ["best_epoch"] = stopper.BestEpoch >= 0 ? stopper.BestEpoch + 1 : null,
                ["stopped_epoch"] = stopper.StoppedEpoch >= 0 ? stopper.StoppedEpoch + 1 : null,
            };
            AtomicFile.WriteAllText(Path.Combine(outputDir, "training_history.json"), CanonicalJson.ToText(json));
        }
    }
}
