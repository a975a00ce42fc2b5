using TrustScore.Consensus.Digest;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Digest;

/// <summary>
/// The VirtEngine keeper recipe (docs/formats.md §1b). Every expected hash was computed outside
/// TrustScore with printf, find, sort and sha256sum by keeper_golden.sh beside this file.
/// </summary>
public sealed class KeeperModelHashTests : IDisposable
{
    private readonly TempDirectory temp = new("keeper");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void GoldenTree_MatchesTheShellComputation()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("golden"));

        KeeperModelHashResult result = KeeperModelHash.Compute(dir);

        Assert.Equal(ModelFixtures.KeeperGoldenHash, result.Hash);
    }

    [Fact]
    public void GoldenTree_HashesInByteOrder_SkipsNamesAtAnyDepth_DescendsDirectoriesNamedLikeThem()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("golden"));

        KeeperModelHashResult result = KeeperModelHash.Compute(dir);

        Assert.Equal([".git/HEAD", "a-b", "a.txt", "a/b", "a/c/deep.bin", "d/manifest.json/inner.bin"], result.Files);
    }

    [Fact]
    public void OrderingTrap_PutsDottedSiblingBeforeDirectory()
    {
        string dir = ModelFixtures.WriteOrderingTrap(temp.Combine("trap"));

        KeeperModelHashResult result = KeeperModelHash.Compute(dir);

        Assert.Equal(["a.txt", "a/b"], result.Files);
        Assert.Equal("15c9af9945cd34eae316c759c55952f1eb8e56abd499b2509a2d0f87d89f4f9e", result.Hash);
    }

    [Fact]
    public void UnicodeNames_SortByUtf8Bytes_NotUtf16Units()
    {
        string dir = ModelFixtures.WriteUnicodeNames(temp.Combine("m"));

        KeeperModelHashResult result = KeeperModelHash.Compute(dir);

        Assert.Equal(["caf\u00e9.txt", "\uff21.txt", "\U0001F600.txt"], result.Files);
        Assert.Equal("6848881922b7bc2a86e160d60369fcdaaf6eeff079f2581b82f18f3567d85fcc", result.Hash);
    }

    [Fact]
    public void SingleFileDirectory_HashesNameThenBytes()
    {
        ModelFixtures.Write(temp.Path, "m/model.onnx", "w");

        Assert.Equal("322b43ae9d4b23421ceecc5da58753782a3414d4c58561e76fb5f1ea9746bd0b", KeeperModelHash.Compute(temp.Combine("m")).Hash);
    }

    [Fact]
    public void EmptyDirectory_AndOnlySkippedFiles_HashNothing()
    {
        ModelFixtures.WriteEmpty(temp.Combine("empty"));
        ModelFixtures.Write(temp.Path, "skipped/manifest.json", "{}");
        ModelFixtures.Write(temp.Path, "skipped/x/export_metadata.json", "{}");

        Assert.Equal(ModelFixtures.EmptySha256, KeeperModelHash.Compute(temp.Combine("empty")).Hash);
        Assert.Equal(ModelFixtures.EmptySha256, KeeperModelHash.Compute(temp.Combine("skipped")).Hash);
    }

    [Fact]
    public void ChangingASkippedFile_KeepsTheHash_ChangingAnyOtherByteChangesIt()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("golden"));
        File.WriteAllText(Path.Combine(dir, "a", "manifest.json"), "changed");
        Assert.Equal(ModelFixtures.KeeperGoldenHash, KeeperModelHash.Compute(dir).Hash);

        File.WriteAllText(Path.Combine(dir, "a", "c", "deep.bin"), "deeP");
        Assert.NotEqual(ModelFixtures.KeeperGoldenHash, KeeperModelHash.Compute(dir).Hash);
    }

    [Fact]
    public void TrailingSeparator_GivesTheSameHash()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("golden"));

        Assert.Equal(ModelFixtures.KeeperGoldenHash, KeeperModelHash.Compute(dir + Path.DirectorySeparatorChar).Hash);
    }

    [Fact]
    public void Symlink_IsRefused_EvenUnderASkippedName()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("m"));
        File.Delete(Path.Combine(dir, "manifest.json"));
        File.CreateSymbolicLink(Path.Combine(dir, "manifest.json"), "a.txt");

        var ex = Assert.Throws<ModelDigestException>(() => KeeperModelHash.Compute(dir));

        Assert.Equal(ModelDigestFailure.Symlink, ex.Failure);
        Assert.Contains("manifest.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkedRoot_IsRefused()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("m"));
        string link = temp.Combine("link");
        Directory.CreateSymbolicLink(link, dir);

        Assert.Equal(ModelDigestFailure.Symlink, Assert.Throws<ModelDigestException>(() => KeeperModelHash.Compute(link)).Failure);
    }

    [Fact]
    public void Fifo_IsRefused()
    {
        string dir = ModelFixtures.WriteWithFifo(temp.Combine("m"));

        Assert.Equal(ModelDigestFailure.SpecialFile, Assert.Throws<ModelDigestException>(() => KeeperModelHash.Compute(dir)).Failure);
    }

    [Fact]
    public void NonUtf8Name_IsRefused()
    {
        string dir = ModelFixtures.WriteWithNonUtf8Name(temp.Combine("m"));

        Assert.Equal(ModelDigestFailure.InvalidName, Assert.Throws<ModelDigestException>(() => KeeperModelHash.Compute(dir)).Failure);
    }

    [Fact]
    public void AFile_IsNotADirectory()
    {
        string file = ModelFixtures.WriteSingleFile(temp.Combine("model.onnx"));

        var ex = Assert.Throws<ModelDigestException>(() => KeeperModelHash.Compute(file));

        Assert.Equal(ModelDigestFailure.NotADirectory, ex.Failure);
        Assert.Contains("not a directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPath_IsNotFound() =>
        Assert.Equal(ModelDigestFailure.NotFound, Assert.Throws<ModelDigestException>(() => KeeperModelHash.Compute(temp.Combine("absent"))).Failure);

    [Theory]
    [InlineData("ABCDEF", " abcdef\n", true)]
    [InlineData("abcdef", "abcdee", false)]
    public void HashesEqual_IgnoresCaseAndBlanks(string a, string b, bool equal) =>
        Assert.Equal(equal, KeeperModelHash.HashesEqual(a, b));

    [Fact]
    public void GoldenConstants_AreWhatTheShellScriptPrints()
    {
        // The script computes every golden hash above with printf, find, sort and sha256sum, and
        // fails unless its by-hand and by-walking computations of the tree agree.
        string script = Path.Combine(RepositoryRoot(), "tests", "TrustScore.Consensus.Tests", "Digest", "keeper_golden.sh");
        var psi = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(temp.Combine("shell-tree"));
        using var process = System.Diagnostics.Process.Start(psi)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        var printed = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal(ModelFixtures.KeeperGoldenHash, printed["tree"]);
        Assert.Equal(ModelFixtures.EmptySha256, printed["empty"]);
        Assert.Equal("322b43ae9d4b23421ceecc5da58753782a3414d4c58561e76fb5f1ea9746bd0b", printed["single"]);
        Assert.Equal("15c9af9945cd34eae316c759c55952f1eb8e56abd499b2509a2d0f87d89f4f9e", printed["trap"]);
        Assert.Equal("6848881922b7bc2a86e160d60369fcdaaf6eeff079f2581b82f18f3567d85fcc", printed["unicode"]);
        // And the tree the script wrote hashes, by the code under test, to the same value.
        Assert.Equal(printed["tree"], KeeperModelHash.Compute(temp.Combine("shell-tree")).Hash);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustScore.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TrustScore.slnx not found above the test directory.");
    }
}
