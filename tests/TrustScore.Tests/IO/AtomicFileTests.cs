using TrustScore.IO;
using TrustScore.TestSupport;

namespace TrustScore.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WriteAllText_ReplacesContent_AndLeavesNoTempFiles()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("sub", "a.json");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Combine("sub")));
    }
}
