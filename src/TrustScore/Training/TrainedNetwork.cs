using System.Buffers.Binary;
using System.Security.Cryptography;
using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Model;

namespace TrustScore.Training;

/// <summary>
/// An immutable snapshot of a trained network: architecture, every weight tensor in Keras
/// <c>get_weights()</c> order, and the fitted feature scaler (runbook §1.3–1.4).
/// </summary>
public sealed class TrainedNetwork
{
    internal TrainedNetwork(int inputWidth, IReadOnlyList<int> hiddenLayers, bool useBatchNorm, float batchNormEpsilon, float outputScale, IReadOnlyList<NamedTensor> tensors, FeatureScaler scaler)
    {
        InputWidth = inputWidth;
        HiddenLayers = hiddenLayers;
        UseBatchNorm = useBatchNorm;
        BatchNormEpsilon = batchNormEpsilon;
        OutputScale = outputScale;
        Tensors = tensors;
        Scaler = scaler;
    }

    /// <summary>Features per input row.</summary>
    public int InputWidth { get; }

    /// <summary>Hidden widths, input side first.</summary>
    public IReadOnlyList<int> HiddenLayers { get; }

    /// <summary>Whether hidden blocks have BatchNorm.</summary>
    public bool UseBatchNorm { get; }

    /// <summary>BatchNorm ε as used (float32).</summary>
    public float BatchNormEpsilon { get; }

    /// <summary>Output multiplier after the sigmoid (float32).</summary>
    public float OutputScale { get; }

    /// <summary>
    /// Every tensor in digest order: per hidden layer l, <c>dense_l/kernel</c> [D, H] row-major,
    /// <c>dense_l/bias</c> [H], and with BatchNorm <c>batch_normalization_l/gamma</c>, <c>/beta</c>,
    /// <c>/moving_mean</c>, <c>/moving_variance</c> [H]; then the output <c>dense_L/kernel</c> [D, 1]
    /// and <c>dense_L/bias</c> [1].
    /// </summary>
    public IReadOnlyList<NamedTensor> Tensors { get; }

    /// <summary>The feature transform fitted on the training split.</summary>
    public FeatureScaler Scaler { get; }

    /// <summary>
    /// SHA-256 (lower-case hex) over the little-endian float32 bytes of every tensor in
    /// <see cref="Tensors"/> order, followed by the scaler's Center then Multiplier
    /// (docs/numerics-training.md §7). Changes only with a deliberate numerics change.
    /// </summary>
    public string WeightsDigest()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(IReadOnlyList<float> values)
        {
            var bytes = new byte[values.Count * 4];
            for (int c = 0; c < values.Count; c++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(c * 4), values[c]);
            }

            sha.AppendData(bytes);
        }

        foreach (var t in Tensors)
        {
            Add(t.Values);
        }

        Add(Scaler.Center);
        Add(Scaler.Multiplier);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Inference-mode predictions (0–scale) for every row of <paramref name="data"/>, with the same kernels as training.</summary>
    public float[] Predict(TrainingData data, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        const int Chunk = 256;
        var mlp = new Mlp(InputWidth, HiddenLayers, UseBatchNorm, 0f, BatchNormEpsilon, 0.99f, OutputScale, Chunk, threads);
        Load(mlp);
        var result = new float[data.Count];
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, data.Count - start);
            for (int i = 0; i < n; i++)
            {
                Scaler.Apply(mlp.Input.Slice(i * InputWidth, InputWidth), data.Row(start + i));
            }

            mlp.ForwardInference(n);
            mlp.Predictions[..n].CopyTo(result.AsSpan(start, n));
        }

        return result;
    }

    /// <summary>
    /// The consensus inference model (docs/formats.md §2–3): per hidden layer W [H, D] = kernelᵀ, with
    /// BatchNorm folded by <see cref="DenseLayerWeights.FoldBatchNorm"/> (binary64, rounded once
    /// to binary32) and ReLU; the output layer with no activation; the feature scaler as
    /// <see cref="InputNormalization"/> (offset = Center, scale = Multiplier; omitted when the
    /// scaling is none); the output scale.
    /// </summary>
    public MlpWeights ToInferenceWeights()
    {
        var layers = new List<DenseLayerWeights>();
        int perLayer = UseBatchNorm ? 6 : 2;
        int d = InputWidth;
        for (int l = 0; l < HiddenLayers.Count; l++)
        {
            int h = HiddenLayers[l];
            var kernel = (float[])Tensors[l * perLayer].Values;
            var bias = (float[])Tensors[(l * perLayer) + 1].Values;
            var w = new float[h * d];
            Dense.Transpose(w, kernel, d, h);
            layers.Add(UseBatchNorm
                ? DenseLayerWeights.FoldBatchNorm(w, bias, (float[])Tensors[(l * perLayer) + 2].Values, (float[])Tensors[(l * perLayer) + 3].Values,
                    (float[])Tensors[(l * perLayer) + 4].Values, (float[])Tensors[(l * perLayer) + 5].Values, BatchNormEpsilon, d, h, Activation.Relu)
                : new DenseLayerWeights(w, bias, d, h, Activation.Relu));
            d = h;
        }

        int o = HiddenLayers.Count * perLayer;
        layers.Add(new DenseLayerWeights((float[])Tensors[o].Values, (float[])Tensors[o + 1].Values, d, 1, Activation.None));
        var normalization = Scaler.IsIdentity ? null : new InputNormalization((float[])Scaler.Center, (float[])Scaler.Multiplier);
        return new MlpWeights(layers, normalization, OutputScale);
    }

    /// <summary>Copies the network's current tensors into a new snapshot.</summary>
    internal static TrainedNetwork Capture(Mlp mlp, IReadOnlyList<int> hiddenLayers, float batchNormEpsilon, float outputScale, FeatureScaler scaler) =>
        new(mlp.InputWidth, hiddenLayers, mlp.UseBatchNorm, batchNormEpsilon, outputScale,
            [.. mlp.Parameters.Select(p => new NamedTensor(p.Name, (float[])p.Values.Clone()))], scaler);

    /// <summary>Writes this snapshot's tensors into <paramref name="mlp"/> (same architecture).</summary>
    internal void Load(Mlp mlp)
    {
        for (int t = 0; t < Tensors.Count; t++)
        {
            var target = mlp.Parameters[t];
            var source = (float[])Tensors[t].Values;
            if (target.Name != Tensors[t].Name || target.Values.Length != source.Length)
            {
                throw new InvalidOperationException($"tensor {Tensors[t].Name} does not match the network ({target.Name}).");
            }

            source.CopyTo(target.Values, 0);
        }

        mlp.RefreshTransposedWeights();
    }
}
