using System.Text;
using TrustScore.Consensus.Digest;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Digest;

public sealed class FileDigestTests : IDisposable
{
    private readonly TempDirectory temp = new("filedigest");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Compute_MatchesGoldenDigestOfF0()
    {
        string path = ModelFixtures.Write(temp.Path, "f0", "This is file f0 in root.");

        Assert.Equal(ModelFixtures.OpenSsfGoldenF0, Convert.ToHexStringLower(FileDigest.Compute(path)));
    }

    [Fact]
    public void Compute_FileLargerThanOneBlock_MatchesInMemoryDigest()
    {
        byte[] bytes = new byte[(FileDigest.BlockSize * 2) + 12345];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        string path = ModelFixtures.Write(temp.Path, "big.bin", bytes);

        byte[] digest = FileDigest.Compute(path, out long size);

        Assert.Equal(bytes.Length, size);
        Assert.Equal(FileDigest.Compute(bytes), digest);
    }

    [Fact]
    public void Compute_EmptyFile_IsSha256OfNothing()
    {
        string path = ModelFixtures.Write(temp.Path, "e", Encoding.UTF8.GetBytes(string.Empty));

        Assert.Equal(ModelFixtures.EmptySha256, Convert.ToHexStringLower(FileDigest.Compute(path)));
    }
}
