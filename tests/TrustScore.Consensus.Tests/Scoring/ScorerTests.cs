using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Numerics;
using TrustScore.Consensus.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Scoring;

public sealed class ScorerTests
{
    private static readonly MlpWeights Real = TestModels.Random(TestModels.RealWidths, seed: 77, normalization: true);
    private static readonly byte[] RealBytes = OnnxModelWriter.Write(Real);
    private static readonly Scorer RealScorer = Scorer.Load(RealBytes);

    /// <summary>The inference written as plain loops over the naive dense kernel (docs/numerics.md §3).</summary>
    private static float[] NaiveScores(MlpWeights weights, float[] x, int rows)
    {
        int d = weights.InputWidth;
        float[] current = (float[])x.Clone();
        if (weights.Normalization is { } norm)
        {
            for (int i = 0; i < rows; i++)
            {
                for (int k = 0; k < d; k++)
                {
                    float t = x[(i * d) + k] - norm.Offset[k];
                    current[(i * d) + k] = t * norm.Scale[k];
                }
            }
        }

        foreach (var layer in weights.Layers)
        {
            var y = new float[rows * layer.OutputWidth];
            Dense.ForwardNaive(y, current, layer.Weights, layer.Bias, rows, layer.InputWidth, layer.OutputWidth);
            if (layer.Activation == Activation.Relu)
            {
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = y[i] > 0f ? y[i] : 0f;
                }
            }

            current = y;
        }

        return current.Select(z => ExpApprox.Sigmoid(z) * weights.OutputScale).ToArray();
    }

    private static string Digest(float[] values) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())));

    [Fact]
    public void Score_BitIdenticalToNaiveLoops()
    {
        const int rows = 70;
        var x = TestModels.RandomRows(rows, 768, seed: 1);
        var expected = NaiveScores(Real, x, rows);
        var actual = new float[rows];
        RealScorer.Score(x, rows, actual);
        Assert.Equal(Digest(expected), Digest(actual));
    }

    [Fact]
    public void Score_SameBits_ForEveryBatchSizeAndThreadCount()
    {
        const int rows = 1024;
        var x = TestModels.RandomRows(rows, 768, seed: 2);
        var reference = new float[rows];
        RealScorer.Score(x, rows, reference);
        string expected = Digest(reference);
        foreach (int threads in new[] { 1, 2, 4 })
        {
            var all = new float[rows];
            RealScorer.Score(x, rows, all, threads);
            Assert.Equal(expected, Digest(all));
        }

        foreach (int batch in new[] { 1, 7, 64 })
        {
            var pieces = new float[rows];
            for (int r0 = 0; r0 < rows; r0 += batch)
            {
                int n = Math.Min(batch, rows - r0);
                RealScorer.Score(x.AsSpan(r0 * 768, n * 768), n, pieces.AsSpan(r0, n), threads: batch == 7 ? 2 : 1);
            }

            Assert.Equal(expected, Digest(pieces));
        }
    }

    [Fact]
    public void Score_ConcurrentCallers_GetIdenticalBits()
    {
        const int rows = 96;
        var x = TestModels.RandomRows(rows, 768, seed: 3);
        var reference = new float[rows];
        RealScorer.Score(x, rows, reference);
        var digests = new string[8];
        Parallel.For(0, digests.Length, t =>
        {
            var y = new float[rows];
            RealScorer.Score(x, rows, y, threads: 1 + (t % 2));
            digests[t] = Digest(y);
        });
        Assert.All(digests, d => Assert.Equal(Digest(reference), d));
    }

    [Fact]
    public void Score_RejectsNonFiniteAndWrongLengths_BeforeInference()
    {
        var x = new float[2 * 768];
        x[768 + 5] = float.NaN;
        var y = new float[2];
        var ex = Assert.Throws<ArgumentException>(() => RealScorer.Score(x, 2, y));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
        x[768 + 5] = float.NegativeInfinity;
        Assert.Throws<ArgumentException>(() => RealScorer.Score(x, 2, y));
        Assert.Throws<ArgumentException>(() => RealScorer.Score(new float[767], 1, new float[1]));
        Assert.Throws<ArgumentException>(() => RealScorer.Score(new float[768], 1, new float[2]));
    }

    [Theory]
    [InlineData(0, float.NaN)]
    [InlineData(7, float.PositiveInfinity)]
    [InlineData(8, float.NegativeInfinity)]
    [InlineData(767, float.NaN)]
    [InlineData(768 + 16, float.PositiveInfinity)]
    [InlineData((3 * 768) - 1, float.NegativeInfinity)]
    public void Score_NamesTheFirstNonFiniteFeature_WhereverItIs(int index, float bad)
    {
        // Finite extremes around the bad value must pass the check; the bad one is named exactly.
        var x = new float[3 * 768];
        x[1] = float.MaxValue;
        x[2] = -float.MaxValue;
        x[3] = float.Epsilon;
        x[4] = -0f;
        var y = new float[3];
        RealScorer.Score(x, 3, y);
        x[index] = bad;
        var ex = Assert.Throws<ArgumentException>(() => RealScorer.Score(x, 3, y));
        Assert.Contains($"Feature {index % 768} of row {index / 768} ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Score_OnSeveralThreads_NamesTheFirstNonFiniteFeatureOfTheBatch_AndGivesNoScore(int threads)
    {
        // 600 rows are scored in pieces on different threads; bad values sit in a late piece and,
        // later still, in another one. Whichever piece finds its bad value first, the message names
        // the first in row order and no score of any other piece is left in the output.
        const int rows = 600;
        var x = TestModels.RandomRows(rows, 768, seed: 9);
        x[(590 * 768) + 3] = float.NaN;
        x[(413 * 768) + 700] = float.NegativeInfinity;
        var y = new float[rows];
        Array.Fill(y, -1f);
        var ex = Assert.Throws<ArgumentException>(() => RealScorer.Score(x, rows, y, threads));
        Assert.Contains("Feature 700 of row 413 ", ex.Message, StringComparison.Ordinal);
        Assert.All(y, v => Assert.True(v is -1f or 0f, $"a score {v} was left in the output"));
        Assert.True(threads == 1 ? y.All(v => v == -1f) : y.All(v => v == 0f), "one thread leaves the output untouched, several clear it");
    }

    [Fact]
    public void Load_ChecksExpectedDigest()
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(RealBytes));
        Assert.Equal(sha, Scorer.Load(RealBytes, "sha256:" + sha.ToUpperInvariant()).ModelSha256);
        var ex = Assert.Throws<ModelIntegrityException>(() => Scorer.Load(RealBytes, new string('0', 64)));
        Assert.Contains(sha, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_OutputsStayInScoreRange()
    {
        var x = TestModels.RandomRows(200, 768, seed: 4);
        var y = new float[200];
        RealScorer.Score(x, 200, y);
        Assert.All(y, v => Assert.InRange(v, 0f, 100f));
        Assert.True(y.Distinct().Count() > 150, "a random model should spread its scores");
    }
}
