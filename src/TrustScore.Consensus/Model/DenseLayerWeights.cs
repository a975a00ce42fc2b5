using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Model;

/// <summary>
/// One dense layer of the inference model: W [H,D] (row j = weights of output j, the ONNX Gemm
/// transB=1 layout), b [H], then <see cref="Activation"/>. Immutable: the arrays are copied in.
/// BatchNorm never appears here; the trainer folds it with <see cref="FoldBatchNorm"/>.
/// </summary>
public sealed class DenseLayerWeights
{
    private readonly float[] weights;
    private readonly float[] bias;

    /// <summary>Copies <paramref name="weights"/> [h,d] and <paramref name="bias"/> [h].</summary>
    /// <exception cref="ArgumentException">Lengths disagree with the shape, a size is not positive, or a value is not finite.</exception>
    public DenseLayerWeights(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int inputWidth, int outputWidth, Activation activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        if ((long)inputWidth * outputWidth != weights.Length || outputWidth != bias.Length)
        {
            throw new ArgumentException($"Dense layer {outputWidth}×{inputWidth} needs {(long)inputWidth * outputWidth} weights and {outputWidth} biases; got {weights.Length} and {bias.Length}.");
        }

        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentException($"Unknown activation {activation}.", nameof(activation));
        }

        RequireFinite(weights, "weights");
        RequireFinite(bias, "bias");
        this.weights = weights.ToArray();
        this.bias = bias.ToArray();
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        Activation = activation;
    }

    /// <summary>D: inputs per output.</summary>
    public int InputWidth { get; }

    /// <summary>H: outputs.</summary>
    public int OutputWidth { get; }

    /// <summary>Weights [H,D], row-major.</summary>
    public ReadOnlySpan<float> Weights => this.weights;

    /// <summary>Bias [H].</summary>
    public ReadOnlySpan<float> Bias => this.bias;

    /// <summary>The activation after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// Folds an inference-mode BatchNorm that follows the affine map into it, in binary64 and
    /// rounded once to binary32 (docs/numerics.md §6): s_j = γ_j / sqrt(var_j + ε);
    /// W'[j,k] = round32(W[j,k] · s_j); b'_j = round32(fma(b_j − μ_j, s_j, β_j)), where every
    /// input is first widened exactly to binary64 and − , ·, /, sqrt are binary64 IEEE operations.
    /// </summary>
    /// <param name="weights">W [h,d] of the dense layer.</param>
    /// <param name="bias">b [h] of the dense layer.</param>
    /// <param name="gamma">BatchNorm scale [h].</param>
    /// <param name="beta">BatchNorm shift [h].</param>
    /// <param name="mean">BatchNorm moving mean [h].</param>
    /// <param name="variance">BatchNorm moving variance [h].</param>
    /// <param name="epsilon">BatchNorm ε (Keras default 1e-3).</param>
    /// <param name="inputWidth">d.</param>
    /// <param name="outputWidth">h.</param>
    /// <param name="activation">What follows the BatchNorm.</param>
    /// <exception cref="ArgumentException">Lengths disagree with the shape, or a folded value is not finite.</exception>
    public static DenseLayerWeights FoldBatchNorm(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float epsilon,
        int inputWidth, int outputWidth, Activation activation)
    {
        if (gamma.Length != outputWidth || beta.Length != outputWidth || mean.Length != outputWidth || variance.Length != outputWidth)
        {
            throw new ArgumentException($"BatchNorm parameters must each have {outputWidth} values.");
        }

        if ((long)inputWidth * outputWidth != weights.Length || bias.Length != outputWidth)
        {
            throw new ArgumentException($"Dense layer {outputWidth}×{inputWidth} needs {(long)inputWidth * outputWidth} weights and {outputWidth} biases; got {weights.Length} and {bias.Length}.");
        }

        var w = new float[weights.Length];
        var b = new float[outputWidth];
        for (int j = 0; j < outputWidth; j++)
        {
            double s = gamma[j] / Math.Sqrt(variance[j] + (double)epsilon);
            for (int k = 0; k < inputWidth; k++)
            {
                w[(j * inputWidth) + k] = (float)(weights[(j * inputWidth) + k] * s);
            }

            b[j] = (float)NumericsContract.MulAdd(bias[j] - (double)mean[j], s, beta[j]);
        }

        return new DenseLayerWeights(w, b, inputWidth, outputWidth, activation);
    }

    /// <summary>True when shape, activation and every weight and bias bit are identical.</summary>
    public bool BitEquals(DenseLayerWeights other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InputWidth == other.InputWidth && OutputWidth == other.OutputWidth && Activation == other.Activation
            && MlpWeights.SameBits(this.weights, other.weights) && MlpWeights.SameBits(this.bias, other.bias);
    }

    private static void RequireFinite(ReadOnlySpan<float> values, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Dense layer {what}[{i}] is {values[i]}; every weight must be finite.");
            }
        }
    }
}
