namespace TrustScore.TestSupport.DoubleReference;

/// <summary>
/// The whole training network in double precision: [Dense → BatchNorm(train) → ReLU → ×mask]
/// per hidden width → Dense(1) → scale·sigmoid, loss = mean (pred − y)². Parameters are given
/// in the trainer's order (per hidden layer: kernel [D,H], bias, and with BatchNorm gamma, beta,
/// moving mean, moving variance; then output kernel [D,1], bias [1]). Gradients come back in
/// the same order (moving statistics get zero). <see cref="FiniteDifference"/> checks this
/// reference itself.
/// </summary>
public sealed class ReferenceMlp(int inputWidth, int[] widths, bool batchNorm, double epsilon, double scale)
{
    /// <summary>Loss for the given parameters, inputs [N, D0], labels [N] and dropout masks (per layer [N, H], or null).</summary>
    public double Loss(double[][] p, double[] x, double[] y, int n, double[][]? masks) => Run(p, x, y, n, masks, wantGradients: false).Loss;

    /// <summary>Loss and gradients, in parameter order.</summary>
    public (double Loss, double[][] Gradients) LossAndGradients(double[][] p, double[] x, double[] y, int n, double[][]? masks) =>
        Run(p, x, y, n, masks, wantGradients: true);

    /// <summary>Central finite difference of <see cref="Loss"/> with respect to p[tensor][index].</summary>
    public double FiniteDifference(double[][] p, double[] x, double[] y, int n, double[][]? masks, int tensor, int index, double step = 1e-6)
    {
        double saved = p[tensor][index];
        p[tensor][index] = saved + step;
        double up = Loss(p, x, y, n, masks);
        p[tensor][index] = saved - step;
        double down = Loss(p, x, y, n, masks);
        p[tensor][index] = saved;
        return (up - down) / (2 * step);
    }

    private (double Loss, double[][] Gradients) Run(double[][] p, double[] x, double[] y, int n, double[][]? masks, bool wantGradients)
    {
        int perLayer = batchNorm ? 6 : 2;
        var inputs = new List<double[]>();
        var preNorm = new List<double[]>();
        var activated = new List<double[]>();
        double[] current = x;
        int d = inputWidth;
        for (int l = 0; l < widths.Length; l++)
        {
            int h = widths[l];
            inputs.Add(current);
            var z = ReferenceLayers.DenseForward(current, p[l * perLayer], p[(l * perLayer) + 1], n, d, h);
            preNorm.Add(z);
            var a = batchNorm ? ReferenceLayers.BatchNormForward(z, p[(l * perLayer) + 2], p[(l * perLayer) + 3], n, h, epsilon).Y : z;
            var relu = a.Select(v => v > 0 ? v : 0).ToArray();
            activated.Add(relu);
            current = masks is null ? relu : relu.Select((v, c) => v * masks[l][c]).ToArray();
            d = h;
        }

        int o = widths.Length * perLayer;
        inputs.Add(current);
        var logits = ReferenceLayers.DenseForward(current, p[o], p[o + 1], n, d, 1);
        var sig = logits.Select(ReferenceLayers.Sigmoid).ToArray();
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double e = (scale * sig[i]) - y[i];
            loss += e * e;
        }

        loss /= n;
        if (!wantGradients)
        {
            return (loss, []);
        }

        var grads = p.Select(t => new double[t.Length]).ToArray();
        var dLogit = new double[n];
        for (int i = 0; i < n; i++)
        {
            double dPred = 2 * ((scale * sig[i]) - y[i]) / n;
            dLogit[i] = dPred * scale * sig[i] * (1 - sig[i]);
        }

        var (dx, dk, db) = ReferenceLayers.DenseBackward(dLogit, inputs[^1], p[o], n, d, 1);
        grads[o] = dk;
        grads[o + 1] = db;
        for (int l = widths.Length - 1; l >= 0; l--)
        {
            int h = widths[l];
            int din = l == 0 ? inputWidth : widths[l - 1];
            var dAct = masks is null ? dx : dx.Select((v, c) => v * masks[l][c]).ToArray();
            var dPre = dAct.Select((v, c) => activated[l][c] > 0 ? v : 0).ToArray();
            if (batchNorm)
            {
                var (dz, dGamma, dBeta) = ReferenceLayers.BatchNormBackward(dPre, preNorm[l], p[(l * perLayer) + 2], n, h, epsilon);
                grads[(l * perLayer) + 2] = dGamma;
                grads[(l * perLayer) + 3] = dBeta;
                dPre = dz;
            }

            (dx, dk, db) = ReferenceLayers.DenseBackward(dPre, inputs[l], p[l * perLayer], n, din, h);
            grads[l * perLayer] = dk;
            grads[(l * perLayer) + 1] = db;
        }

        return (loss, grads);
    }
}
