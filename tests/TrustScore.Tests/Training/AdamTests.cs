using TrustScore.Training;

namespace TrustScore.Tests.Training;

public sealed class AdamTests
{
    [Fact]
    public void Update_FollowsKerasFormulaWithL2OnDecayingTensorsOnly()
    {
        var kernel = new ParameterTensor("k", [0.5f, -1f], [0.1f, 0.2f], Decays: true);
        var bias = new ParameterTensor("b", [0.25f], [-0.3f], Decays: false);
        var adam = new Adam([kernel, bias], 0.9f, 0.999f, 1e-7f, 0.01f);
        adam.Update(1e-3f);
        adam.Update(1e-3f);

        // Independent double-precision evaluation of the same two steps (gradients held fixed).
        double[] Run(double w, double g0, double lambda)
        {
            double m = 0, v = 0;
            for (int t = 1; t <= 2; t++)
            {
                double g = g0 + (2 * lambda * w);
                m = (0.9 * m) + (0.1 * g);
                v = (0.999 * v) + (0.001 * g * g);
                double alpha = 1e-3 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
                w -= alpha * m / (Math.Sqrt(v) + 1e-7);
            }

            return [w, m, v];
        }

        var k0 = Run(0.5, 0.1, 0.01);
        var k1 = Run(-1, 0.2, 0.01);
        var b0 = Run(0.25, -0.3, 0);
        Assert.Equal(k0[0], kernel.Values[0], 6);
        Assert.Equal(k1[0], kernel.Values[1], 6);
        Assert.Equal(b0[0], bias.Values[0], 6);
        Assert.Equal(k0[1], adam.M[0][0], 6);
        Assert.Equal(b0[2], adam.V[1][0], 8);
        Assert.Equal(2, adam.Step);
    }
}
