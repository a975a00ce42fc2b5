using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;
using TrustScore.TestSupport.DoubleReference;
using TrustScore.Training;

namespace TrustScore.Tests.Training;

/// <summary>Whole-network gradient check: float32 trainer vs double reference vs finite differences.</summary>
public sealed class MlpGradientTests
{
    private const int N = 12;
    private const int D0 = 10;
    private static readonly int[] Widths = [8, 6, 5];

    [Theory]
    [InlineData(true, 0f)]
    [InlineData(true, 0.3f)]
    [InlineData(false, 0.3f)]
    public void Backward_MatchesDoubleReference(bool batchNorm, float dropout)
    {
        var mlp = new Mlp(D0, Widths, batchNorm, dropout, 1e-3f, 0.99f, 100f, N, threads: 2);
        mlp.Initialize(7);
        // Non-trivial γ/β so their gradients are exercised.
        foreach (var p in mlp.Parameters.Where(p => p.Name.EndsWith("/gamma", StringComparison.Ordinal) || p.Name.EndsWith("/beta", StringComparison.Ordinal)))
        {
            TestValues.Uniform(p.Values.Length, (ulong)p.Name.Length, 0.5f, 1.5f).CopyTo(p.Values, 0);
        }

        mlp.RefreshTransposedWeights();
        var x = TestValues.Uniform(N * D0, 3, 0f, 2f);
        var y = TestValues.Uniform(N, 4, 0f, 100f);
        x.CopyTo(mlp.Input);
        mlp.ForwardTraining(N, seed: 7, epoch: 2, step: 5);
        mlp.Backward(N, y);

        // The same masks the trainer drew: key (seed, Dropout, epoch, step << 8 | layer), counter = element index.
        double[][]? masks = null;
        if (dropout > 0)
        {
            masks = new double[Widths.Length][];
            for (int l = 0; l < Widths.Length; l++)
            {
                var m = new float[N * Widths[l]];
                Dropout.FillMask(m, dropout, CounterRng.Create(7, RngPurpose.Dropout, 2, (5UL << 8) | (uint)l));
                masks[l] = ReferenceLayers.ToDouble(m);
            }
        }

        var reference = new ReferenceMlp(D0, Widths, batchNorm, 1e-3, 100);
        // Moving statistics were updated by the forward pass but do not enter the training loss.
        double[][] parameters = [.. mlp.Parameters.Select(p => ReferenceLayers.ToDouble(p.Values))];
        var (loss, grads) = reference.LossAndGradients(parameters, ReferenceLayers.ToDouble(x), ReferenceLayers.ToDouble(y), N, masks);
        double predictedLoss = 0;
        for (int i = 0; i < N; i++)
        {
            predictedLoss += Math.Pow(mlp.Predictions[i] - y[i], 2);
        }

        Assert.Equal(loss, predictedLoss / N, loss * 1e-4);
        for (int t = 0; t < mlp.Parameters.Count; t++)
        {
            var p = mlp.Parameters[t];
            if (p.Gradient is null)
            {
                continue;
            }

            // A bias feeding BatchNorm has a true gradient of 0; compare it on its kernel's scale.
            double scale = Math.Max(grads[t].Max(Math.Abs), p.Name.EndsWith("/bias", StringComparison.Ordinal) ? grads[t - 1].Max(Math.Abs) : 0);
            TensorCompare.Close($"{p.Name} gradient (bn={batchNorm}, dropout={dropout})", p.Gradient, grads[t], 2e-3, 2e-3 * scale + 1e-6);
        }
    }

    [Fact]
    public void DoubleReference_MatchesFiniteDifferences()
    {
        var reference = new ReferenceMlp(D0, Widths, true, 1e-3, 100);
        var mlp = new Mlp(D0, Widths, true, 0f, 1e-3f, 0.99f, 100f, N, 1);
        mlp.Initialize(11);
        double[][] parameters = [.. mlp.Parameters.Select(p => ReferenceLayers.ToDouble(p.Values))];
        var x = ReferenceLayers.ToDouble(TestValues.Uniform(N * D0, 5, 0f, 2f));
        var y = ReferenceLayers.ToDouble(TestValues.Uniform(N, 6, 0f, 100f));
        var (_, grads) = reference.LossAndGradients(parameters, x, y, N, null);
        for (int t = 0; t < parameters.Length; t++)
        {
            if (mlp.Parameters[t].Gradient is null)
            {
                continue;
            }

            // Every element of small tensors, a spread sample of large ones.
            int stride = Math.Max(1, parameters[t].Length / 12);
            for (int i = 0; i < parameters[t].Length; i += stride)
            {
                double fd = reference.FiniteDifference(parameters, x, y, N, null, t, i);
                Assert.True(Math.Abs(fd - grads[t][i]) <= 1e-4 * Math.Max(1, Math.Abs(fd)), $"{mlp.Parameters[t].Name}[{i}]: backprop {grads[t][i]:g9} vs finite difference {fd:g9}");
            }
        }
    }
}
