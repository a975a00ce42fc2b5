using System.Text.Json.Nodes;
using TrustScore.Consensus.Scoring;
using TrustScore.Errors;
using TrustScore.TestSupport;
using TrustScore.Training;

namespace TrustScore.Tests.Training;

public sealed class TrainerTests
{
    /// <summary>
    /// The pinned weights digest of <c>trustscore train-probe --samples 2000 --epochs 3 --seed 42</c>.
    /// It changes only with a deliberate numerics change (kernels, order of operations, PRNG,
    /// sigmoid, initialisation, optimizer or data definition); update it in the same commit and
    /// say why (docs/numerics-training.md §7).
    /// </summary>
    public const string PinnedProbeDigest = "4b5a9208b2fae55f6473c995639ecbf7a57890c1d90b9a8e2222720fda4b92e5";

    private static TrainerOptions SmallOptions(int epochs) => new()
    {
        HiddenLayers = [24, 12],
        Epochs = epochs,
        BatchSize = 32,
        Seed = 5,
    };

    [Fact]
    public void Probe_FixedRun_HasPinnedDigestAndWritesTheRunbookTree()
    {
        using var dir = new TempDirectory();
        var result = TrainingProbe.Run(2000, 3, 42, 2, dir.Path, null, false, null, CancellationToken.None)!;
        Assert.Equal(PinnedProbeDigest, result.WeightsDigest());
        Assert.Equal(3, result.History.Count);
        Assert.True(File.Exists(dir.Combine("checkpoints", Trainer.LastCheckpointName)));
        Assert.NotEmpty(Directory.GetFiles(dir.Combine("checkpoints"), "model_001_*.ckpt"));
        Assert.Single(Directory.GetFiles(dir.Combine("logs", "tensorboard", "train"), "events.out.tfevents.*"));
        Assert.Single(Directory.GetFiles(dir.Combine("logs", "tensorboard", "validation"), "events.out.tfevents.*"));
        var history = JsonNode.Parse(File.ReadAllText(dir.Combine("training_history.json")))!;
        Assert.Equal(3, history["val_loss"]!.AsArray().Count);
        Assert.Equal(result.History[2].ValLoss, (double)history["val_loss"]![2]!);
        Assert.True(result.History[2].Loss < result.History[0].Loss, "training loss should fall over the probe run");
    }

    [Fact]
    public void Train_StoppedAndResumed_EndsWithTheSameDigest()
    {
        var all = ProbeDataset.Create(500, 40, 9);
        var train = ProbeDataset.Slice(all, 0, 400);
        var validation = ProbeDataset.Slice(all, 400, 100);
        var options = SmallOptions(4);
        using var straight = new TempDirectory();
        string expected = Trainer.Train(train, validation, options, straight.Path, null, CancellationToken.None).WeightsDigest();

        using var interrupted = new TempDirectory();
        using var cts = new CancellationTokenSource();
        var stopAfterTwo = new ActionProgress(p =>
        {
            if (p.EpochCompleted && p.Epoch == 2)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Train(train, validation, options, interrupted.Path, stopAfterTwo, cts.Token));
        var resumed = Trainer.Train(train, validation, options with { Threads = 2 }, interrupted.Path, null, CancellationToken.None, resume: true);
        Assert.Equal(expected, resumed.WeightsDigest());
        Assert.Equal(4, resumed.History.Count);
    }

    [Fact]
    public void Train_Resume_RefusesChangedOptionsAndFreshRunRefusesUsedDirectory()
    {
        var all = ProbeDataset.Create(120, 40, 3);
        var train = ProbeDataset.Slice(all, 0, 100);
        var validation = ProbeDataset.Slice(all, 100, 20);
        using var dir = new TempDirectory();
        Trainer.Train(train, validation, SmallOptions(1), dir.Path, null, CancellationToken.None);
        var changed = Assert.Throws<BadInputException>(() => Trainer.Train(train, validation, SmallOptions(1) with { Seed = 6 }, dir.Path, null, CancellationToken.None, resume: true));
        Assert.Contains("--resume", changed.Message, StringComparison.Ordinal);
        var used = Assert.Throws<BadInputException>(() => Trainer.Train(train, validation, SmallOptions(1), dir.Path, null, CancellationToken.None));
        Assert.Contains("already holds a training run", used.Message, StringComparison.Ordinal);
        using var empty = new TempDirectory();
        Assert.Throws<BadInputException>(() => Trainer.Train(train, validation, SmallOptions(1), empty.Path, null, CancellationToken.None, resume: true));
    }

    /// <summary>
    /// A last.ckpt whose SHA-256 is right but whose state lacks a field (rewritten by hand) is bad
    /// input naming the field; it used to slip through as an unexpected null-cast failure (exit 1).
    /// </summary>
    [Fact]
    public void Train_Resume_StateMissingAField_IsBadInputNamingIt()
    {
        var all = ProbeDataset.Create(120, 40, 3);
        var train = ProbeDataset.Slice(all, 0, 100);
        var validation = ProbeDataset.Slice(all, 100, 20);
        using var dir = new TempDirectory();
        Trainer.Train(train, validation, SmallOptions(1), dir.Path, null, CancellationToken.None);
        string last = dir.Combine("checkpoints", Trainer.LastCheckpointName);
        var (kind, state, tensors) = Checkpoint.Read(last);
        Assert.True(state.Remove("adam_step"));
        Checkpoint.Write(last, kind, state, CheckpointJsonContext.Default.JsonObject, [.. tensors.Select(t => (t.Key, t.Value))]);

        var refused = Assert.Throws<BadInputException>(() => Trainer.Train(train, validation, SmallOptions(1), dir.Path, null, CancellationToken.None, resume: true));

        Assert.Contains("adam_step", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCode.BadInput, refused.ExitCode);
    }

    [Fact]
    public void ToInferenceWeights_ScorerAgreesWithTrainerWithinTolerance()
    {
        var all = ProbeDataset.Create(300, 40, 4);
        var train = ProbeDataset.Slice(all, 0, 240);
        var validation = ProbeDataset.Slice(all, 240, 60);
        using var dir = new TempDirectory();
        var result = Trainer.Train(train, validation, SmallOptions(2) with { FeatureScaling = FeatureScaling.Robust }, dir.Path, null, CancellationToken.None);
        var trainer = result.Network.Predict(validation);
        var weights = result.Network.ToInferenceWeights();
        Assert.NotNull(weights.Normalization);
        Assert.Equal(3, weights.Layers.Count);
        var scorer = Scorer.FromWeights(weights);
        var scored = new float[validation.Count];
        scorer.Score(validation.Features, validation.Count, scored);
        for (int i = 0; i < scored.Length; i++)
        {
            // BatchNorm folding changes rounding, never the function: agree to 1e-3 on the 0–100 scale.
            Assert.True(Math.Abs(scored[i] - trainer[i]) <= 1e-3, $"row {i}: scorer {scored[i]} vs trainer {trainer[i]}");
        }
    }

    private sealed class ActionProgress(Action<EpochProgress> action) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => action(value);
    }
}
