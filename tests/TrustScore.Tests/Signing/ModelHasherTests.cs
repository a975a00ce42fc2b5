using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Signing;

public sealed class ModelHasherTests : IDisposable
{
    private readonly TempDirectory temp = new("hasher");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Compute_RefusedDirectory_IsBadInput()
    {
        string dir = ModelFixtures.WriteWithCaseCollision(temp.Combine("m"));

        var ex = Assert.Throws<BadInputException>(() => ModelHasher.Compute(dir));

        Assert.Equal(ExitCode.BadInput, ex.ExitCode);
        Assert.Contains("differ only by case", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_GoldenDirectory_GivesGoldenRoot()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("g"));

        Assert.Equal("sha256:" + ModelFixtures.OpenSsfGoldenRoot, ModelHasher.Compute(dir).Root);
    }
}
