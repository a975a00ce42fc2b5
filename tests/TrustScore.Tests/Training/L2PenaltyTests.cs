using TrustScore.Training;

namespace TrustScore.Tests.Training;

/// <summary>The reported L2 penalty follows docs/numerics-training.md §4 bit for bit (vector path included).</summary>
public sealed class L2PenaltyTests
{
    [Theory]
    [InlineData(10, new[] { 8, 6, 5 })]
    [InlineData(768, new[] { 512, 256, 128, 64 })]
    [InlineData(3, new[] { 3 })]
    public void L2Penalty_IsFourInterleavedDoubleSumsAddedInOrder(int inputWidth, int[] widths)
    {
        var mlp = new Mlp(inputWidth, widths, true, 0.3f, 1e-3f, 0.99f, 100f, 4, threads: 1);
        mlp.Initialize(11);
        // Written from the spec: per hidden kernel, index c goes to s[c mod 4] while a whole group
        // of four remains, the last (length mod 4) elements to s0; λ·(((s0 + s1) + s2) + s3).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        foreach (var kernel in mlp.Parameters.Where(p => p.Decays).Select(p => p.Values))
        {
            int whole = kernel.Length / 4 * 4;
            for (int c = 0; c < kernel.Length; c++)
            {
                double square = (double)kernel[c] * kernel[c];
                switch (c >= whole ? 0 : c % 4)
                {
                    case 0: s0 += square; break;
                    case 1: s1 += square; break;
                    case 2: s2 += square; break;
                    default: s3 += square; break;
                }
            }
        }

        double lambda = 0.01f;
        double expected = lambda * (((s0 + s1) + s2) + s3);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(mlp.L2Penalty(lambda)));
    }
}
