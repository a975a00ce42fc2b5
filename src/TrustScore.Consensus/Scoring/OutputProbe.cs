using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using TrustScore.Consensus.Layers;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Consensus.Scoring;

/// <summary>
/// Scores generated rows and digests the outputs (DETERMINISM.md "How to show it"): row r,
/// feature k is CounterRng(seed, Conformance, a = 0x70726F6265 ("probe")).Normal(r·D + k) rounded
/// to binary32. Two processes, thread counts, batch sizes or CPUs agree iff their digests agree.
/// </summary>
public static class OutputProbe
{
    private const ulong ProbeStream = 0x70726F6265;

    /// <summary>Scores <paramref name="rows"/> generated rows in calls of <paramref name="batch"/> rows; integer scores by <paramref name="rule"/> (<see cref="ScoreRule.Default"/> when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">rows, batch or threads is below 1.</exception>
    public static OutputProbeResult Run(Scorer scorer, int rows, ulong seed, int batch, int threads, ScoreRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        rule ??= ScoreRule.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int d = scorer.FeatureCount;
        var x = Inputs(rows, d, seed);
        var outputs = new float[rows];
        for (int r0 = 0; r0 < rows; r0 += batch)
        {
            int n = Math.Min(batch, rows - r0);
            scorer.Score(x.AsSpan(r0 * d, n * d), n, outputs.AsSpan(r0, n), threads);
        }

        var outputBytes = new byte[rows * 4];
        var scoreBytes = new byte[rows * 4];
        for (int i = 0; i < rows; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(outputBytes.AsSpan(i * 4), outputs[i]);
            BinaryPrimitives.WriteInt32LittleEndian(scoreBytes.AsSpan(i * 4), rule.ToScore(outputs[i]));
        }

        return new OutputProbeResult(
            scorer.ModelSha256, rows, seed, batch, threads,
            Convert.ToHexStringLower(SHA256.HashData(outputBytes)),
            Convert.ToHexStringLower(SHA256.HashData(scoreBytes)),
            BitConverter.SingleToUInt32Bits(outputs[0]).ToString("x8", CultureInfo.InvariantCulture),
            Dense.KernelPath);
    }

    /// <summary>The generated input rows, [rows, d].</summary>
    public static float[] Inputs(int rows, int d, ulong seed)
    {
        var rng = CounterRng.Create(seed, RngPurpose.Conformance, ProbeStream);
        var x = new float[(long)rows * d];
        for (long i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.Normal((ulong)i);
        }

        return x;
    }
}
