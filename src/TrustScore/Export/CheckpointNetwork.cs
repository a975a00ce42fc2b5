using TrustScore.Errors;
using TrustScore.Training;

namespace TrustScore.Export;

/// <summary>
/// Reads the network stored in a training checkpoint (runbook §1.4) back into a
/// <see cref="TrainedNetwork"/>, for <c>trustscore export</c>: a <c>model_*.ckpt</c> or
/// <c>final.ckpt</c> holds one set of weights; <c>last.ckpt</c> holds the last epoch's weights
/// (its <c>best:</c> copy is ignored). The architecture comes from the run's options.
/// </summary>
public static class CheckpointNetwork
{
    /// <summary>Loads the network in <paramref name="path"/> trained with <paramref name="options"/>.</summary>
    /// <exception cref="BadInputException">The file is not a readable checkpoint of this architecture.</exception>
    public static TrainedNetwork Load(string path, TrainerOptions options, int inputWidth)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (_, state, tensors) = Checkpoint.Read(path);
        if ((int?)state["input_width"] is int width && width != inputWidth)
        {
            throw new BadInputException($"checkpoint {path} was trained on {width} features, not {inputWidth}.");
        }

        if ((string?)state["options_digest"] is string digest && digest != options.Digest())
        {
            throw new BadInputException($"checkpoint {path} was written with other training options than the run's config; export it with the config it was trained with.");
        }

        // A throwaway network of the same architecture names the tensors in Keras order.
        var mlp = new Mlp(inputWidth, options.HiddenLayers, options.UseBatchNorm, 0f, (float)options.BatchNormEpsilon, (float)options.BatchNormMomentum, (float)options.OutputScale, 1, 1);
        var named = new List<NamedTensor>(mlp.Parameters.Count);
        foreach (var p in mlp.Parameters)
        {
            float[] values = Tensor(tensors, "param:" + p.Name, path);
            if (values.Length != p.Values.Length)
            {
                throw new BadInputException($"checkpoint {path}: tensor {p.Name} has {values.Length} values, expected {p.Values.Length}.");
            }

            named.Add(new NamedTensor(p.Name, values));
        }

        float[] center = Tensor(tensors, "scaler:center", path);
        float[] multiplier = Tensor(tensors, "scaler:multiplier", path);
        if (center.Length != inputWidth)
        {
            throw new BadInputException($"checkpoint {path}: the feature scaler has {center.Length} features, expected {inputWidth}.");
        }

        var scaler = FeatureScaler.FromArrays(options.FeatureScaling, center, multiplier);
        return new TrainedNetwork(inputWidth, options.HiddenLayers, options.UseBatchNorm, (float)options.BatchNormEpsilon, (float)options.OutputScale, named, scaler);
    }

    /// <summary>Writes <paramref name="network"/> as a one-network checkpoint (kind <c>model</c>) that <see cref="Load"/> reads back bit for bit.</summary>
    public static void Save(string path, TrainedNetwork network, TrainerOptions options, int weightsEpoch)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        var state = new ModelCheckpointState(
            weightsEpoch, options.Digest(), network.InputWidth, network.Scaler.Kind.ToString().ToLowerInvariant(), WeightsDigest: network.WeightsDigest());
        var tensors = new List<(string Name, float[] Values)>();
        tensors.AddRange(network.Tensors.Select(t => ("param:" + t.Name, t.Values.ToArray())));
        tensors.Add(("scaler:center", network.Scaler.Center.ToArray()));
        tensors.Add(("scaler:multiplier", network.Scaler.Multiplier.ToArray()));
        Checkpoint.Write(path, "model", state, CheckpointJsonContext.Default.ModelCheckpointState, tensors);
    }

    private static float[] Tensor(IReadOnlyDictionary<string, float[]> tensors, string name, string path) =>
        tensors.TryGetValue(name, out var values) ? values : throw new BadInputException($"checkpoint {path} has no tensor {name}; it is not a model checkpoint of this run.");
}
