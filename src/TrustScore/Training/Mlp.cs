using System.Runtime.Intrinsics;
using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Training;

/// <summary>
/// The trust-score network during training (runbook §1.3; docs/numerics-training.md):
/// input → [Dense → BatchNorm → ReLU → Dropout] per hidden width → Dense(1) → sigmoid → ×scale.
/// <see cref="ForwardTraining"/> is a list of layer calls; <see cref="Backward"/> is the same
/// list reversed and sets every parameter gradient (each sum starts from +0, the same bits as
/// clearing and accumulating). All buffers are allocated once for the largest batch, so a
/// training step allocates nothing.
/// </summary>
/// <remarks>
/// N = batch rows, D = layer input width, H = layer width. Per hidden layer l:
/// kernel [D, H] (Keras layout), bias [H], gamma/beta/moving mean/moving variance [H];
/// output layer: kernel [D_last, 1], bias [1].
/// </remarks>
internal sealed class Mlp
{
    private readonly int maxRows;
    private readonly int threads;
    private readonly float dropoutRate;
    private readonly float bnEpsilon;
    private readonly float bnMomentum;
    private readonly float outputScale;
    private readonly HiddenLayer[] hidden;
    private readonly OutputLayer output;
    private readonly float[] input;       // [N, D0] scaled batch features
    private readonly float[] transposed;  // [Dmax, N] scratch: a layer's input, transposed
    private readonly float[] logits;      // [N]
    private readonly float[] sigmoid;     // [N]
    private readonly float[] predictions; // [N]
    private readonly float[] dPredictions; // [N]
    private readonly float[] dLogits;     // [N]

    public Mlp(int inputWidth, IReadOnlyList<int> widths, bool useBatchNorm, float dropoutRate, float bnEpsilon, float bnMomentum, float outputScale, int maxRows, int threads)
    {
        InputWidth = inputWidth;
        UseBatchNorm = useBatchNorm;
        this.maxRows = maxRows;
        this.threads = threads;
        this.dropoutRate = dropoutRate;
        this.bnEpsilon = bnEpsilon;
        this.bnMomentum = bnMomentum;
        this.outputScale = outputScale;
        hidden = new HiddenLayer[widths.Count];
        int d = inputWidth;
        int maxWidth = inputWidth;
        for (int l = 0; l < widths.Count; l++)
        {
            hidden[l] = new HiddenLayer(l, d, widths[l], useBatchNorm, maxRows);
            d = widths[l];
            maxWidth = Math.Max(maxWidth, d);
        }

        output = new OutputLayer(widths.Count, d);
        input = new float[maxRows * inputWidth];
        transposed = new float[maxRows * maxWidth];
        logits = new float[maxRows];
        sigmoid = new float[maxRows];
        predictions = new float[maxRows];
        dPredictions = new float[maxRows];
        dLogits = new float[maxRows];
        Parameters = [.. hidden.SelectMany(h => h.Tensors), .. output.Tensors];
    }

    /// <summary>Features per input row.</summary>
    public int InputWidth { get; }

    /// <summary>Whether hidden blocks have BatchNorm.</summary>
    public bool UseBatchNorm { get; }

    /// <summary>Every tensor in the digest order (Keras <c>get_weights()</c> order).</summary>
    public IReadOnlyList<ParameterTensor> Parameters { get; }

    /// <summary>The batch input buffer [N, D0]; the trainer fills the first N rows.</summary>
    public Span<float> Input => input;

    /// <summary>Predictions of the last forward pass [N] (0–scale).</summary>
    public ReadOnlySpan<float> Predictions => predictions;

    /// <summary>Largest batch the buffers hold.</summary>
    public int MaxRows => maxRows;

    /// <summary>Glorot-uniform kernels from (seed, WeightInit, layer); zero biases; γ=1, β=0, moving mean 0, variance 1.</summary>
    public void Initialize(ulong seed)
    {
        foreach (var layer in hidden)
        {
            GlorotUniform(layer.Kernel, layer.InputWidth, layer.Width, CounterRng.Create(seed, RngPurpose.WeightInit, (ulong)layer.Index));
            Array.Clear(layer.Bias);
            if (UseBatchNorm)
            {
                Array.Fill(layer.Gamma!, 1f);
                Array.Clear(layer.Beta!);
                Array.Clear(layer.MovingMean!);
                Array.Fill(layer.MovingVariance!, 1f);
            }
        }

        GlorotUniform(output.Kernel, output.InputWidth, 1, CounterRng.Create(seed, RngPurpose.WeightInit, (ulong)output.Index));
        Array.Clear(output.Bias);
        RefreshTransposedWeights();
    }

    /// <summary>Training-mode forward pass over the first <paramref name="n"/> rows of <see cref="Input"/>.</summary>
    public void ForwardTraining(int n, ulong seed, int epoch, int step)
    {
        long t = TrainingPhaseTimer.Start();
        ReadOnlySpan<float> x = input.AsSpan(0, n * InputWidth);
        foreach (var layer in hidden)
        {
            int h = layer.Width;
            var z = layer.Z.AsSpan(0, n * h);
            Dense.ForwardKernelLayout(z, x, layer.Kernel, layer.Bias, n, layer.InputWidth, h, threads);
            t = TrainingPhaseTimer.Stop(TrainingPhase.ForwardGemm, t);
            ReadOnlySpan<float> pre = z;
            if (UseBatchNorm)
            {
                BatchNorm.ForwardTraining(layer.Normalized, layer.XHat, layer.BatchMean, layer.BatchVariance, layer.InvStd, z, layer.Gamma, layer.Beta, n, h, bnEpsilon);
                BatchNorm.UpdateMovingStatistics(layer.MovingMean, layer.MovingVariance, layer.BatchMean, layer.BatchVariance, bnMomentum);
                pre = layer.Normalized.AsSpan(0, n * h);
                t = TrainingPhaseTimer.Stop(TrainingPhase.BatchNormForward, t);
            }

            var mask = layer.Mask.AsSpan(0, n * h);
            if (dropoutRate > 0f)
            {
                Dropout.FillMask(mask, dropoutRate, CounterRng.Create(seed, RngPurpose.Dropout, (ulong)epoch, ((ulong)step << 8) | (uint)layer.Index));
            }
            else
            {
                mask.Fill(1f);
            }

            // ReLU and dropout in one pass (the same bits as the two layers one after the other).
            Dropout.ForwardRelu(layer.Output.AsSpan(0, n * h), pre, mask);
            t = TrainingPhaseTimer.Stop(TrainingPhase.ReluDropout, t);
            x = layer.Output.AsSpan(0, n * h);
        }

        Dense.ForwardKernelLayout(logits.AsSpan(0, n), x, output.Kernel, output.Bias, n, output.InputWidth, 1, threads);
        t = TrainingPhaseTimer.Stop(TrainingPhase.ForwardGemm, t);
        SigmoidScale.Forward(predictions.AsSpan(0, n), sigmoid.AsSpan(0, n), logits.AsSpan(0, n), outputScale);
        TrainingPhaseTimer.Stop(TrainingPhase.OutputHead, t);
    }

    /// <summary>Inference forward pass (moving statistics, no dropout) over the first <paramref name="n"/> rows of <see cref="Input"/>.</summary>
    public void ForwardInference(int n)
    {
        ReadOnlySpan<float> x = input.AsSpan(0, n * InputWidth);
        foreach (var layer in hidden)
        {
            int h = layer.Width;
            var z = layer.Z.AsSpan(0, n * h);
            Dense.ForwardKernelLayout(z, x, layer.Kernel, layer.Bias, n, layer.InputWidth, h, threads);
            var act = layer.Output.AsSpan(0, n * h);
            if (UseBatchNorm)
            {
                BatchNorm.ForwardInference(act, z, layer.Gamma, layer.Beta, layer.MovingMean, layer.MovingVariance, n, h, bnEpsilon);
                Relu.Forward(act, act);
            }
            else
            {
                Relu.Forward(act, z);
            }

            x = act;
        }

        Dense.ForwardKernelLayout(logits.AsSpan(0, n), x, output.Kernel, output.Bias, n, output.InputWidth, 1, threads);
        SigmoidScale.Forward(predictions.AsSpan(0, n), sigmoid.AsSpan(0, n), logits.AsSpan(0, n), outputScale);
    }

    /// <summary>
    /// MSE loss gradient dpred[i] = (pred[i] − y[i])·(2/N), then the forward list reversed.
    /// Overwrites every parameter gradient.
    /// </summary>
    public void Backward(int n, ReadOnlySpan<float> labels)
    {
        long t = TrainingPhaseTimer.Start();
        float twoOverN = 2f / n;
        for (int i = 0; i < n; i++)
        {
            dPredictions[i] = (predictions[i] - labels[i]) * twoOverN;
        }

        var dz = dLogits.AsSpan(0, n);
        dz.Clear();
        SigmoidScale.Backward(dz, dPredictions.AsSpan(0, n), sigmoid.AsSpan(0, n), outputScale);
        t = TrainingPhaseTimer.Stop(TrainingPhase.OutputHead, t);
        ReadOnlySpan<float> lastInput = hidden.Length == 0 ? input.AsSpan(0, n * InputWidth) : hidden[^1].Output.AsSpan(0, n * output.InputWidth);
        Dense.Transpose(transposed, lastInput, n, output.InputWidth);
        Dense.ParameterGradients(output.KernelGrad, output.BiasGrad, dz, transposed, n, output.InputWidth, 1, threads);
        t = TrainingPhaseTimer.Stop(TrainingPhase.BackwardKernelGemm, t);
        if (hidden.Length == 0)
        {
            return;
        }

        var dUpper = hidden[^1].DOutput.AsSpan(0, n * output.InputWidth);
        Dense.InputGradient(dUpper, dz, output.KernelTransposed, n, output.InputWidth, 1, threads);
        t = TrainingPhaseTimer.Stop(TrainingPhase.BackwardInputGemm, t);

        for (int l = hidden.Length - 1; l >= 0; l--)
        {
            var layer = hidden[l];
            int h = layer.Width;
            int d = layer.InputWidth;
            var dZ = layer.DZ.AsSpan(0, n * h);
            dZ.Clear();
            // Dropout and ReLU backward in one pass (the same bits as the two layers one after the
            // other through a cleared buffer); the ReLU test reads the pre-activation.
            if (UseBatchNorm)
            {
                var dNorm = layer.DNormalized.AsSpan(0, n * h);
                dNorm.Clear();
                layer.GammaGrad.AsSpan().Clear();
                layer.BetaGrad.AsSpan().Clear();
                Dropout.BackwardRelu(dNorm, layer.DOutput.AsSpan(0, n * h), layer.Mask.AsSpan(0, n * h), layer.Normalized.AsSpan(0, n * h));
                t = TrainingPhaseTimer.Stop(TrainingPhase.ReluDropout, t);
                BatchNorm.Backward(dZ, layer.GammaGrad, layer.BetaGrad, dNorm, layer.XHat, layer.Gamma, layer.InvStd, n, h);
                t = TrainingPhaseTimer.Stop(TrainingPhase.BatchNormBackward, t);
            }
            else
            {
                Dropout.BackwardRelu(dZ, layer.DOutput.AsSpan(0, n * h), layer.Mask.AsSpan(0, n * h), layer.Z.AsSpan(0, n * h));
                t = TrainingPhaseTimer.Stop(TrainingPhase.ReluDropout, t);
            }

            ReadOnlySpan<float> layerInput = l == 0 ? input.AsSpan(0, n * d) : hidden[l - 1].Output.AsSpan(0, n * d);
            Dense.Transpose(transposed, layerInput, n, d);
            Dense.ParameterGradients(layer.KernelGrad, layer.BiasGrad, dZ, transposed, n, d, h, threads);
            t = TrainingPhaseTimer.Stop(TrainingPhase.BackwardKernelGemm, t);
            if (l > 0)
            {
                var dBelow = hidden[l - 1].DOutput.AsSpan(0, n * d);
                Dense.InputGradient(dBelow, dZ, layer.KernelTransposed!, n, d, h, threads);
                t = TrainingPhaseTimer.Stop(TrainingPhase.BackwardInputGemm, t);
            }
        }
    }

    /// <summary>Recomputes the [H, D] copies of the kernels used by <see cref="Dense.BackwardInput"/> (after every update).</summary>
    public void RefreshTransposedWeights()
    {
        long t = TrainingPhaseTimer.Start();
        for (int l = 1; l < hidden.Length; l++)
        {
            Dense.Transpose(hidden[l].KernelTransposed!, hidden[l].Kernel, hidden[l].InputWidth, hidden[l].Width);
        }

        Dense.Transpose(output.KernelTransposed, output.Kernel, output.InputWidth, 1);
        TrainingPhaseTimer.Stop(TrainingPhase.RefreshTransposed, t);
    }

    /// <summary>λ·Σw² over the hidden kernels, in double, four interleaved partial sums (index mod 4) added in order.</summary>
    public double L2Penalty(double lambda)
    {
        if (lambda == 0)
        {
            return 0;
        }

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        foreach (var layer in hidden)
        {
            float[] k = layer.Kernel;
            int c = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // Lane q of the accumulator is the partial sum s_q (index mod 4): each block of 8
                // adds elements c..c+3, then c+4..c+7, so every s_q sees its terms in ascending
                // order. (double)k·k is exact, so no multiply-add question arises.
                var acc = Vector256.Create(s0, s1, s2, s3);
                for (; c + 8 <= k.Length; c += 8)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.Create(k.AsSpan(c, 8)));
                    acc += lo * lo;
                    acc += hi * hi;
                }

                (s0, s1, s2, s3) = (acc[0], acc[1], acc[2], acc[3]);
            }

            for (; c + 4 <= k.Length; c += 4)
            {
                s0 += (double)k[c] * k[c];
                s1 += (double)k[c + 1] * k[c + 1];
                s2 += (double)k[c + 2] * k[c + 2];
                s3 += (double)k[c + 3] * k[c + 3];
            }

            for (; c < k.Length; c++)
            {
                s0 += (double)k[c] * k[c];
            }
        }

        return lambda * (((s0 + s1) + s2) + s3);
    }

    private static void GlorotUniform(float[] kernel, int fanIn, int fanOut, CounterRng rng)
    {
        // limit = √(6 / (fanIn + fanOut)); w = (2u − 1)·limit with u = rng.Uniform(index), index = k·H + j.
        float limit = MathF.Sqrt(6f / (fanIn + fanOut));
        for (int c = 0; c < kernel.Length; c++)
        {
            kernel[c] = ((2f * rng.Uniform((ulong)c)) - 1f) * limit;
        }
    }

    private sealed class HiddenLayer
    {
        public HiddenLayer(int index, int inputWidth, int width, bool batchNorm, int maxRows)
        {
            Index = index;
            InputWidth = inputWidth;
            Width = width;
            Kernel = new float[inputWidth * width];
            KernelGrad = new float[Kernel.Length];
            KernelTransposed = index > 0 ? new float[Kernel.Length] : null;
            Bias = new float[width];
            BiasGrad = new float[width];
            int rows = maxRows * width;
            Z = new float[rows];
            Mask = new float[rows];
            Output = new float[rows];
            DOutput = new float[rows];
            DZ = new float[rows];
            var tensors = new List<ParameterTensor>
            {
                new($"dense_{index}/kernel", Kernel, KernelGrad, true),
                new($"dense_{index}/bias", Bias, BiasGrad, false),
            };
            if (batchNorm)
            {
                Gamma = new float[width];
                Beta = new float[width];
                GammaGrad = new float[width];
                BetaGrad = new float[width];
                MovingMean = new float[width];
                MovingVariance = new float[width];
                BatchMean = new float[width];
                BatchVariance = new float[width];
                InvStd = new float[width];
                Normalized = new float[rows];
                XHat = new float[rows];
                DNormalized = new float[rows];
                tensors.Add(new($"batch_normalization_{index}/gamma", Gamma, GammaGrad, false));
                tensors.Add(new($"batch_normalization_{index}/beta", Beta, BetaGrad, false));
                tensors.Add(new($"batch_normalization_{index}/moving_mean", MovingMean, null, false));
                tensors.Add(new($"batch_normalization_{index}/moving_variance", MovingVariance, null, false));
            }
            else
            {
                Gamma = Beta = GammaGrad = BetaGrad = MovingMean = MovingVariance = BatchMean = BatchVariance = InvStd = Normalized = XHat = DNormalized = [];
            }

            Tensors = tensors;
        }

        public int Index { get; }
        public int InputWidth { get; }
        public int Width { get; }
        public float[] Kernel { get; }
        public float[] KernelGrad { get; }
        public float[]? KernelTransposed { get; }
        public float[] Bias { get; }
        public float[] BiasGrad { get; }
        public float[] Gamma { get; }
        public float[] Beta { get; }
        public float[] GammaGrad { get; }
        public float[] BetaGrad { get; }
        public float[] MovingMean { get; }
        public float[] MovingVariance { get; }
        public float[] BatchMean { get; }
        public float[] BatchVariance { get; }
        public float[] InvStd { get; }
        public float[] Z { get; }
        public float[] Normalized { get; }
        public float[] XHat { get; }
        public float[] Mask { get; }
        public float[] Output { get; }
        public float[] DOutput { get; }
        public float[] DNormalized { get; }
        public float[] DZ { get; }
        public IReadOnlyList<ParameterTensor> Tensors { get; }
    }

    private sealed class OutputLayer
    {
        public OutputLayer(int index, int inputWidth)
        {
            Index = index;
            InputWidth = inputWidth;
            Kernel = new float[inputWidth];
            KernelGrad = new float[inputWidth];
            KernelTransposed = new float[inputWidth];
            Bias = new float[1];
            BiasGrad = new float[1];
            Tensors =
            [
                new($"dense_{index}/kernel", Kernel, KernelGrad, false),
                new($"dense_{index}/bias", Bias, BiasGrad, false),
            ];
        }

        public int Index { get; }
        public int InputWidth { get; }
        public float[] Kernel { get; }
        public float[] KernelGrad { get; }
        public float[] KernelTransposed { get; }
        public float[] Bias { get; }
        public float[] BiasGrad { get; }
        public IReadOnlyList<ParameterTensor> Tensors { get; }
    }
}
