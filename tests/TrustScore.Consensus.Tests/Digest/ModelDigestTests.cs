using System.Security.Cryptography;
using System.Text;
using TrustScore.Consensus.Digest;
using TrustScore.TestSupport;

namespace TrustScore.Consensus.Tests.Digest;

/// <summary>Golden vectors (docs/test-vectors.md, "Model digest") and the refusals of docs/formats.md §1.</summary>
public sealed class ModelDigestTests : IDisposable
{
    private readonly TempDirectory temp = new("digest");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Root_MatchesOpenSsfGolden()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("golden"));

        ModelDigestResult result = ModelDigest.Compute(dir);

        Assert.Equal("sha256:" + ModelFixtures.OpenSsfGoldenRoot, result.Root);
        Assert.Equal(ModelFixtures.OpenSsfGoldenRoot, result.RootHex);
    }

    [Fact]
    public void Files_AreGoldenNamesInComponentOrder_WithGoldenDigests()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("golden"));

        ModelDigestResult result = ModelDigest.Compute(dir);

        Assert.Equal(
            ["d0/f00", "d0/f01", "d0/f02", "d1/f10", "d1/f11", "d1/f12", "f0", "f1", "f2", "f3"],
            result.Files.Select(f => f.Name));
        Assert.Equal(ModelFixtures.OpenSsfGoldenD0F00, result.Files[0].Sha256);
        Assert.Equal(ModelFixtures.OpenSsfGoldenF0, result.Files[6].Sha256);
        Assert.Equal("This is file f00 in d0.".Length, result.Files[0].Size);
    }

    [Fact]
    public void Order_PutsDirectoryComponentBeforeDottedSibling()
    {
        string dir = ModelFixtures.WriteOrderingTrap(temp.Combine("trap"));

        ModelDigestResult result = ModelDigest.Compute(dir);

        Assert.Equal(["a/b", "a.txt"], result.Files.Select(f => f.Name));
        // Root recomputed independently from the two file digests in that order.
        byte[] expected = SHA256.HashData([.. Sha("inside a"), .. Sha("beside a")]);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(expected), result.Root);
    }

    [Fact]
    public void EmptyFile_DigestsToSha256OfNothing()
    {
        ModelFixtures.Write(temp.Path, "m/empty.bin", string.Empty);

        ModelDigestResult result = ModelDigest.Compute(temp.Combine("m"));

        FileDigestEntry entry = Assert.Single(result.Files);
        Assert.Equal(ModelFixtures.EmptySha256, entry.Sha256);
        Assert.Equal(0, entry.Size);
    }

    [Fact]
    public void EmptyDirectory_HasRootOfNoDigests()
    {
        string dir = ModelFixtures.WriteEmpty(temp.Combine("empty"));

        ModelDigestResult result = ModelDigest.Compute(dir);

        Assert.Empty(result.Files);
        Assert.Equal("sha256:" + ModelFixtures.EmptySha256, result.Root);
    }

    [Fact]
    public void SingleFile_IsNamedDot_AndRootIsDigestOfItsDigest()
    {
        string path = ModelFixtures.WriteSingleFile(temp.Combine("model.onnx"), "weights");

        ModelDigestResult result = ModelDigest.Compute(path);

        FileDigestEntry entry = Assert.Single(result.Files);
        Assert.Equal(".", entry.Name);
        Assert.Equal(Convert.ToHexStringLower(Sha("weights")), entry.Sha256);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Sha("weights"))), result.Root);
    }

    [Fact]
    public void Digest_Unchanged_WhenModelDirectoryMoved()
    {
        string first = ModelFixtures.WriteNested(temp.Combine("one"));
        string before = ModelDigest.Compute(first).Root;
        string moved = temp.Combine("elsewhere", "two");
        Directory.CreateDirectory(temp.Combine("elsewhere"));
        Directory.Move(first, moved);

        Assert.Equal(before, ModelDigest.Compute(moved).Root);
    }

    [Fact]
    public void FileList_NamesTheNewPath_WhenAFileIsRenamed()
    {
        string dir = ModelFixtures.WriteNested(temp.Combine("m"));
        File.Move(Path.Combine(dir, "x", "top.bin"), Path.Combine(dir, "x", "top2.bin"));

        // Names are not part of the root (only their order is), so the file list is what a
        // verifier compares to notice a rename.
        ModelDigestResult after = ModelDigest.Compute(dir);
        Assert.Contains(after.Files, f => f.Name == "x/top2.bin");
        Assert.DoesNotContain(after.Files, f => f.Name == "x/top.bin");
    }

    [Fact]
    public void Nested_EmptySubdirectoriesContributeNothing()
    {
        string dir = ModelFixtures.WriteNested(temp.Combine("m"));

        ModelDigestResult result = ModelDigest.Compute(dir);

        Assert.Equal(["x/top.bin", "x/y/empty.bin", "x/y/z/deep.bin"], result.Files.Select(f => f.Name));
    }

    [Fact]
    public void GitPaths_AreIgnored_OtherDotfilesAreHashed()
    {
        string dir = ModelFixtures.WriteDotfiles(temp.Combine("m"));

        ModelDigestResult result = ModelDigest.Compute(dir);

        Assert.Equal([".hidden", "weights.bin"], result.Files.Select(f => f.Name));
    }

    [Fact]
    public void ExtraIgnorePath_SkipsThatFileOnly()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));
        ModelFixtures.Write(dir, "model.sig", "signature");

        ModelDigestResult result = ModelDigest.Compute(dir, ["model.sig"]);

        Assert.Equal("sha256:" + ModelFixtures.OpenSsfGoldenRoot, result.Root);
    }

    [Fact]
    public void IgnorePath_MatchesWholeComponentsOnly()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));

        ModelDigestResult result = ModelDigest.Compute(dir, ["d0", "f"]);

        Assert.Equal(["d1/f10", "d1/f11", "d1/f12", "f0", "f1", "f2", "f3"], result.Files.Select(f => f.Name));
    }

    [Theory]
    [InlineData("/abs")]
    [InlineData("../up")]
    [InlineData("")]
    public void IgnorePath_OutsideTheModel_IsRefused(string ignore)
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(dir, [ignore]));
        Assert.Equal(ModelDigestFailure.InvalidIgnorePath, ex.Failure);
    }

    [Fact]
    public void UnicodeNfcNames_AreAccepted_AndSortedByCodePoint()
    {
        string dir = ModelFixtures.WriteUnicodeNames(temp.Combine("m"));

        ModelDigestResult result = ModelDigest.Compute(dir);

        // U+00E9 < U+FF21 < U+1F600 by code point (UTF-16 ordinal would put the emoji second).
        Assert.Equal(["caf\u00e9.txt", "\uff21.txt", "\U0001F600.txt"], result.Files.Select(f => f.Name));
    }

    [Fact]
    public void Symlink_IsAnError()
    {
        string dir = ModelFixtures.WriteWithSymlink(temp.Combine("m"));

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(dir));

        Assert.Equal(ModelDigestFailure.Symlink, ex.Failure);
        Assert.Contains("link.bin", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkedRoot_IsAnError()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("m"));
        string link = temp.Combine("link");
        Directory.CreateSymbolicLink(link, dir);

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(link));
        var withSlash = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(link + "/"));

        Assert.Equal(ModelDigestFailure.Symlink, ex.Failure);
        Assert.Equal(ModelDigestFailure.Symlink, withSlash.Failure);
    }

    [Fact]
    public void Fifo_IsAnError_NotAHang()
    {
        string dir = ModelFixtures.WriteWithFifo(temp.Combine("m"));

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(dir));

        Assert.Equal(ModelDigestFailure.SpecialFile, ex.Failure);
        Assert.Contains("pipe", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Socket_IsAnError()
    {
        string dir = temp.Combine("m");
        using var socket = ModelFixtures.WriteWithSocket(dir);

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(dir));

        Assert.Equal(ModelDigestFailure.SpecialFile, ex.Failure);
    }

    [Fact]
    public void NonNfcName_IsAnError()
    {
        string dir = ModelFixtures.WriteWithNfdName(temp.Combine("m"));

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(dir));

        Assert.Equal(ModelDigestFailure.NotNormalized, ex.Failure);
    }

    [Fact]
    public void NfcNameWithCombiningMark_IsRefusedByTheConservativeRule()
    {
        // U+0915 U+094D (Devanagari ka + virama) is NFC, but the rule refuses every combining mark.
        ModelFixtures.Write(temp.Path, "m/\u0915\u094d.bin", "x");

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(temp.Combine("m")));

        Assert.Equal(ModelDigestFailure.NotNormalized, ex.Failure);
    }

    [Theory]
    [InlineData("\u212b.bin")] // ANGSTROM SIGN: a singleton whose NFC is U+00C5
    [InlineData("\uf900.bin")] // CJK COMPATIBILITY IDEOGRAPH
    [InlineData("\u1100\u1161.bin")] // conjoining jamo that compose to U+AC00
    public void NonNfcSingletonsAndJamo_AreRefused(string name)
    {
        ModelFixtures.Write(temp.Path, "m/" + name, "x");

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(temp.Combine("m")));

        Assert.Equal(ModelDigestFailure.NotNormalized, ex.Failure);
    }

    [Fact]
    public void NonUtf8Name_IsAnError()
    {
        string dir = ModelFixtures.WriteWithNonUtf8Name(temp.Combine("m"));

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(dir));

        Assert.Equal(ModelDigestFailure.InvalidName, ex.Failure);
    }

    [Fact]
    public void NamesDifferingOnlyByCase_AreAnError()
    {
        string dir = ModelFixtures.WriteWithCaseCollision(temp.Combine("m"));

        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(dir));

        Assert.Equal(ModelDigestFailure.CaseCollision, ex.Failure);
        Assert.Contains("Model.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPath_IsAnError()
    {
        var ex = Assert.Throws<ModelDigestException>(() => ModelDigest.Compute(temp.Combine("absent")));

        Assert.Equal(ModelDigestFailure.NotFound, ex.Failure);
    }

    [Fact]
    public void ManyFiles_HashedInParallel_GiveTheSequentialRoot()
    {
        string dir = temp.Combine("many");
        var digests = new List<(string Name, byte[] Digest)>();
        for (int i = 0; i < 200; i++)
        {
            string name = $"shard-{i:D3}.bin";
            byte[] bytes = Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), i * 37));
            ModelFixtures.Write(dir, name, bytes);
            digests.Add((name, SHA256.HashData(bytes)));
        }

        ModelDigestResult result = ModelDigest.Compute(dir);

        byte[] expected = SHA256.HashData(digests.OrderBy(d => d.Name, StringComparer.Ordinal).SelectMany(d => d.Digest).ToArray());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(expected), result.Root);
    }

    [Fact]
    public void RootOf_RecomputesRootFromEntries()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("golden"));
        ModelDigestResult result = ModelDigest.Compute(dir);

        Assert.Equal(result.Root, ModelDigest.RootOf(result.Files.Reverse()));
    }

    [Theory]
    [InlineData("sha256:ABCDEF", "abcdef", true)]
    [InlineData("SHA256:abcdef", "sha256:ABCDEF", true)]
    [InlineData("sha256:abcdef", "abcdee", false)]
    public void RootsEqual_IgnoresPrefixAndCase(string a, string b, bool equal) =>
        Assert.Equal(equal, ModelDigestResult.RootsEqual(a, b));

    private static byte[] Sha(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
