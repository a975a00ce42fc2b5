namespace TrustScore.Data.Baselines;

/// <summary>
/// Ordinary least squares on the 768 features plus an intercept (constant columns, such as the
/// reserved zeros, are left out), solved by Cholesky on the normal equations in double with a
/// tiny ridge (1e-9 × mean diagonal) for numerical safety. The "plain linear model" the synthetic
/// data must defeat.
/// </summary>
public static class LinearBaseline
{
    /// <summary>Fits on <paramref name="train"/> and returns predictions for <paramref name="test"/>.</summary>
    public static double[] FitPredict(DatasetSplit train, DatasetSplit test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        int d = FeatureSchema.Dimension;
        var columns = new List<int>();
        for (int j = 0; j < d; j++)
        {
            float first = train.Features[j];
            for (int i = 1; i < train.Count; i++)
            {
                if (train.Features[(i * d) + j] != first)
                {
                    columns.Add(j);
                    break;
                }
            }
        }

        int p = columns.Count + 1; // + intercept (last)
        var xtx = new double[p * p];
        var xty = new double[p];
        var row = new double[p];
        for (int i = 0; i < train.Count; i++)
        {
            var x = train.Row(i);
            for (int k = 0; k < columns.Count; k++)
            {
                row[k] = x[columns[k]];
            }

            row[p - 1] = 1.0;
            double y = train.Labels[i];
            for (int a = 0; a < p; a++)
            {
                double ra = row[a];
                xty[a] += ra * y;
                var line = xtx.AsSpan(a * p, a + 1);
                for (int b = 0; b <= a; b++)
                {
                    line[b] += ra * row[b];
                }
            }
        }

        double trace = 0;
        for (int a = 0; a < p; a++)
        {
            trace += xtx[(a * p) + a];
        }

        for (int a = 0; a < p; a++)
        {
            xtx[(a * p) + a] += 1e-9 * trace / p;
        }

        double[] beta = SolveCholesky(xtx, xty, p);
        var predictions = new double[test.Count];
        for (int i = 0; i < test.Count; i++)
        {
            var x = test.Row(i);
            double s = beta[p - 1];
            for (int k = 0; k < columns.Count; k++)
            {
                s += beta[k] * x[columns[k]];
            }

            predictions[i] = s;
        }

        return predictions;
    }

    private static double[] SolveCholesky(double[] a, double[] b, int p)
    {
        // In place: lower triangle of a becomes L with a = L·Lᵀ.
        for (int j = 0; j < p; j++)
        {
            double diag = a[(j * p) + j];
            for (int k = 0; k < j; k++)
            {
                diag -= a[(j * p) + k] * a[(j * p) + k];
            }

            if (diag <= 0)
            {
                throw new InvalidOperationException("normal equations are not positive definite");
            }

            double l = Math.Sqrt(diag);
            a[(j * p) + j] = l;
            for (int i = j + 1; i < p; i++)
            {
                double s = a[(i * p) + j];
                var ri = a.AsSpan(i * p, j);
                var rj = a.AsSpan(j * p, j);
                for (int k = 0; k < j; k++)
                {
                    s -= ri[k] * rj[k];
                }

                a[(i * p) + j] = s / l;
            }
        }

        var y = new double[p];
        for (int i = 0; i < p; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= a[(i * p) + k] * y[k];
            }

            y[i] = s / a[(i * p) + i];
        }

        var x = new double[p];
        for (int i = p - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < p; k++)
            {
                s -= a[(k * p) + i] * x[k];
            }

            x[i] = s / a[(i * p) + i];
        }

        return x;
    }
}
