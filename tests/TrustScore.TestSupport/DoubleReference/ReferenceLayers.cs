namespace TrustScore.TestSupport.DoubleReference;

/// <summary>
/// Plain double-precision versions of every training layer, written from the formulas in
/// docs/numerics-training.md and Keras' definitions, independently of the float32 kernels.
/// Shapes as in the kernels: N rows, D inputs, H outputs, row-major.
/// </summary>
public static class ReferenceLayers
{
    /// <summary>y[i,j] = b[j] + Σ_k x[i,k]·kernel[k,j].</summary>
    public static double[] DenseForward(double[] x, double[] kernel, double[] b, int n, int d, int h)
    {
        var y = new double[n * h];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < h; j++)
            {
                double s = b[j];
                for (int k = 0; k < d; k++)
                {
                    s += x[(i * d) + k] * kernel[(k * h) + j];
                }

                y[(i * h) + j] = s;
            }
        }

        return y;
    }

    /// <summary>Returns (dx, dKernel, db) for y = x·kernel + b.</summary>
    public static (double[] Dx, double[] DKernel, double[] Db) DenseBackward(double[] dy, double[] x, double[] kernel, int n, int d, int h)
    {
        var dx = new double[n * d];
        var dk = new double[d * h];
        var db = new double[h];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < h; j++)
            {
                double g = dy[(i * h) + j];
                db[j] += g;
                for (int k = 0; k < d; k++)
                {
                    dx[(i * d) + k] += g * kernel[(k * h) + j];
                    dk[(k * h) + j] += g * x[(i * d) + k];
                }
            }
        }

        return (dx, dk, db);
    }

    /// <summary>Training-mode batch norm; returns (y, xHat, mean, biased variance).</summary>
    public static (double[] Y, double[] XHat, double[] Mean, double[] Var) BatchNormForward(double[] x, double[] gamma, double[] beta, int n, int h, double eps)
    {
        var mean = new double[h];
        var variance = new double[h];
        for (int j = 0; j < h; j++)
        {
            for (int i = 0; i < n; i++)
            {
                mean[j] += x[(i * h) + j];
            }

            mean[j] /= n;
            for (int i = 0; i < n; i++)
            {
                double c = x[(i * h) + j] - mean[j];
                variance[j] += c * c;
            }

            variance[j] /= n;
        }

        var xHat = new double[n * h];
        var y = new double[n * h];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < h; j++)
            {
                xHat[(i * h) + j] = (x[(i * h) + j] - mean[j]) / Math.Sqrt(variance[j] + eps);
                y[(i * h) + j] = (gamma[j] * xHat[(i * h) + j]) + beta[j];
            }
        }

        return (y, xHat, mean, variance);
    }

    /// <summary>Backward of <see cref="BatchNormForward"/> by the textbook formula; returns (dx, dGamma, dBeta).</summary>
    public static (double[] Dx, double[] DGamma, double[] DBeta) BatchNormBackward(double[] dy, double[] x, double[] gamma, int n, int h, double eps)
    {
        var (_, xHat, _, variance) = BatchNormForward(x, gamma, new double[h], n, h, eps);
        var dx = new double[n * h];
        var dGamma = new double[h];
        var dBeta = new double[h];
        for (int j = 0; j < h; j++)
        {
            double inv = 1 / Math.Sqrt(variance[j] + eps);
            double sumG = 0, sumGx = 0;
            for (int i = 0; i < n; i++)
            {
                double g = dy[(i * h) + j] * gamma[j];
                dBeta[j] += dy[(i * h) + j];
                dGamma[j] += dy[(i * h) + j] * xHat[(i * h) + j];
                sumG += g;
                sumGx += g * xHat[(i * h) + j];
            }

            for (int i = 0; i < n; i++)
            {
                double g = dy[(i * h) + j] * gamma[j];
                dx[(i * h) + j] = inv / n * ((n * g) - sumG - (xHat[(i * h) + j] * sumGx));
            }
        }

        return (dx, dGamma, dBeta);
    }

    /// <summary>Logistic sigmoid in double with the platform exp (reference only).</summary>
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Converts floats to doubles.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
