using System.Numerics;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Training;

/// <summary>
/// Adam exactly as Keras 3 writes it (runbook §1.3), in float32 with one written order
/// (docs/numerics-training.md §5). Per step t (1-based), with p1 = β1^t and p2 = β2^t kept as
/// running float32 products:
/// <code>
/// α = lr · √(1 − p2) / (1 − p1)
/// g = fma(2λ, w, grad)               (kernels with L2 only; 2λ rounded once)
/// m = fma(g − m, 1 − β1, m)
/// v = fma(g·g − v, 1 − β2, v)
/// w = w − (m·α) / (√v + ε)
/// </code>
/// fma is the contract's fused multiply-add (NumericsContract). Element-wise only (no sums), so
/// vector width and thread count cannot change a bit.
/// </summary>
internal sealed class Adam
{
    private readonly float beta1;
    private readonly float beta2;
    private readonly float epsilon;
    private readonly float twoLambda;
    private readonly ParameterTensor[] tensors;

    private readonly int threads;

    public Adam(IReadOnlyList<ParameterTensor> parameters, float beta1, float beta2, float epsilon, float l2, int threads = 1)
    {
        this.threads = Math.Max(1, threads);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        twoLambda = 2f * l2;
        tensors = [.. parameters.Where(p => p.Trainable)];
        M = [.. tensors.Select(t => new float[t.Values.Length])];
        V = [.. tensors.Select(t => new float[t.Values.Length])];
    }

    /// <summary>Elements per parallel piece (a multiple of every vector width).</summary>
    private const int ParallelPiece = 1 << 15;

    // Without an FMA instruction the runtime emulates vector FMA lane by lane (slow); the scalar loop gives the same bits.
    private static readonly bool HardwareFma = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>First moments, one per trainable tensor (in parameter order).</summary>
    public float[][] M { get; }

    /// <summary>Second moments, one per trainable tensor (in parameter order).</summary>
    public float[][] V { get; }

    /// <summary>Steps taken so far.</summary>
    public long Step { get; set; }

    /// <summary>β1^Step as a running float32 product.</summary>
    public float Beta1Power { get; set; } = 1f;

    /// <summary>β2^Step as a running float32 product.</summary>
    public float Beta2Power { get; set; } = 1f;

    /// <summary>Trainable tensors in update order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors => tensors;

    /// <summary>Applies one update with learning rate <paramref name="learningRate"/>.</summary>
    public void Update(float learningRate)
    {
        Step++;
        Beta1Power *= beta1;
        Beta2Power *= beta2;
        float alpha = learningRate * MathF.Sqrt(1f - Beta2Power) / (1f - Beta1Power);
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int t = 0; t < tensors.Length; t++)
        {
            var p = tensors[t];
            float decay = p.Decays ? twoLambda : 0f;
            int length = p.Values.Length;
            if (threads == 1 || length < 2 * ParallelPiece)
            {
                UpdateTensor(p.Values, p.Gradient!, M[t], V[t], decay, p.Decays, alpha, oneMinusBeta1, oneMinusBeta2, epsilon);
                continue;
            }

            // Element-wise, so threads may take any pieces: same bits as one thread.
            var (w, g, m, v) = (p.Values, p.Gradient!, M[t], V[t]);
            float eps = epsilon;
            bool decays = p.Decays;
            Parallel.For(0, (length + ParallelPiece - 1) / ParallelPiece, new ParallelOptions { MaxDegreeOfParallelism = threads }, piece =>
            {
                int start = piece * ParallelPiece;
                int count = Math.Min(ParallelPiece, length - start);
                UpdateTensor(w.AsSpan(start, count), g.AsSpan(start, count), m.AsSpan(start, count), v.AsSpan(start, count), decay, decays, alpha, oneMinusBeta1, oneMinusBeta2, eps);
            });
        }
    }

    private static void UpdateTensor(Span<float> w, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, float decay, bool decays, float alpha, float b1, float b2, float eps)
    {
        int c = 0;
        if (Vector.IsHardwareAccelerated && HardwareFma)
        {
            int width = Vector<float>.Count;
            var vDecay = new Vector<float>(decay);
            var vAlpha = new Vector<float>(alpha);
            var vB1 = new Vector<float>(b1);
            var vB2 = new Vector<float>(b2);
            var vEps = new Vector<float>(eps);
            for (; c + width <= w.Length; c += width)
            {
                var wc = new Vector<float>(w.Slice(c, width));
                var g = new Vector<float>(grad.Slice(c, width));
                if (decays)
                {
                    g = Vector.FusedMultiplyAdd(vDecay, wc, g);
                }

                var mc = new Vector<float>(m.Slice(c, width));
                var vc = new Vector<float>(v.Slice(c, width));
                mc = Vector.FusedMultiplyAdd(g - mc, vB1, mc);
                vc = Vector.FusedMultiplyAdd((g * g) - vc, vB2, vc);
                wc -= (mc * vAlpha) / (Vector.SquareRoot(vc) + vEps);
                mc.CopyTo(m.Slice(c, width));
                vc.CopyTo(v.Slice(c, width));
                wc.CopyTo(w.Slice(c, width));
            }
        }

        for (; c < w.Length; c++)
        {
            float g = grad[c];
            if (decays)
            {
                g = NumericsContract.MulAdd(decay, w[c], g);
            }

            float mc = NumericsContract.MulAdd(g - m[c], b1, m[c]);
            float vc = NumericsContract.MulAdd((g * g) - v[c], b2, v[c]);
            m[c] = mc;
            v[c] = vc;
            w[c] -= (mc * alpha) / (MathF.Sqrt(vc) + eps);
        }
    }
}
