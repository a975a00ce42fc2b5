using System.Text.Json;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hash;

public sealed class HashCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("cli-hash");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Hash_PrintsGoldenRoot()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("golden"));

        var (code, stdout, _) = CliRunner.Run("hash", dir);

        Assert.Equal(0, code);
        Assert.Equal("sha256:" + ModelFixtures.OpenSsfGoldenRoot + "\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Hash_Json_ListsEveryFileAndOnlyJsonOnStdout()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("golden"));

        var (code, stdout, _) = CliRunner.Run("hash", dir, "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("sha256:" + ModelFixtures.OpenSsfGoldenRoot, doc.RootElement.GetProperty("root").GetString());
        JsonElement files = doc.RootElement.GetProperty("files");
        Assert.Equal(10, files.GetArrayLength());
        Assert.Equal("d0/f00", files[0].GetProperty("name").GetString());
        Assert.Equal(ModelFixtures.OpenSsfGoldenD0F00, files[0].GetProperty("sha256").GetString());
        Assert.Equal("f0", files[6].GetProperty("name").GetString());
        Assert.Equal(ModelFixtures.OpenSsfGoldenF0, files[6].GetProperty("sha256").GetString());
    }

    [Fact]
    public void Hash_Symlink_IsBadInputWithOneSentence()
    {
        string dir = ModelFixtures.WriteWithSymlink(temp.Combine("m"));

        var (code, stdout, stderr) = CliRunner.Run("hash", dir);

        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains("link.bin", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_Ignore_SkipsThePath()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("golden"));
        ModelFixtures.Write(dir, "model.sig", "sig");

        var (code, stdout, _) = CliRunner.Run("hash", dir, "--ignore", "model.sig");

        Assert.Equal(0, code);
        Assert.StartsWith("sha256:" + ModelFixtures.OpenSsfGoldenRoot, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_IsIdenticalAcrossProcessesAndIsaSwitches()
    {
        string dir = temp.Combine("mixed");
        ModelFixtures.WriteOpenSsfGolden(dir);
        ModelFixtures.WriteNested(Path.Combine(dir, "nested"));
        ModelFixtures.WriteUnicodeNames(Path.Combine(dir, "unicode"));
        var big = new byte[3 << 20];
        for (int i = 0; i < big.Length; i++)
        {
            big[i] = (byte)(i * 7 + (i >> 11));
        }

        ModelFixtures.Write(dir, "weights/big.bin", big);
        var (code, inProcess, _) = CliRunner.Run("hash", dir, "--json");
        Assert.Equal(0, code);

        var environments = new[]
        {
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" },
            new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0", ["DOTNET_EnableAVX512F"] = "0" },
        };
        foreach (var env in environments)
        {
            CliProcessResult result = CliProcess.Run(["hash", dir, "--json"], env);
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Equal(inProcess, result.StdOut);
        }
    }

    [Fact]
    public void Hash_KeeperRecipe_PrintsTheShellComputedHash()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("keeper"));

        var (code, stdout, _) = CliRunner.Run("hash", dir, "--recipe", "virtengine-keeper/1");

        Assert.Equal(0, code);
        Assert.Equal(ModelFixtures.KeeperGoldenHash + "\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Hash_KeeperRecipe_Json_ListsFilesInHashingOrder()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("keeper"));

        var (code, stdout, _) = CliRunner.Run("hash", dir, "--recipe", "virtengine-keeper/1", "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("virtengine-keeper/1", doc.RootElement.GetProperty("recipe").GetString());
        Assert.Equal(ModelFixtures.KeeperGoldenHash, doc.RootElement.GetProperty("hash").GetString());
        Assert.Equal(
            [".git/HEAD", "a-b", "a.txt", "a/b", "a/c/deep.bin", "d/manifest.json/inner.bin"],
            doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Hash_KeeperRecipe_OnAFile_IsBadInput()
    {
        string file = ModelFixtures.WriteSingleFile(temp.Combine("model.onnx"));

        var (code, stdout, stderr) = CliRunner.Run("hash", file, "--recipe", "virtengine-keeper/1");

        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains("not a directory", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_UnknownRecipe_OrIgnoreWithKeeper_IsUsage()
    {
        string dir = ModelFixtures.WriteKeeperGolden(temp.Combine("keeper"));

        Assert.Equal(2, CliRunner.Run("hash", dir, "--recipe", "virtengine-keeper/2").Code);
        Assert.Equal(2, CliRunner.Run("hash", dir, "--recipe", "virtengine-keeper/1", "--ignore", "a.txt").Code);
    }

    [Fact]
    public void Hash_ExplicitOpenSsfRecipe_IsTheDefault()
    {
        string dir = ModelFixtures.WriteOpenSsfGolden(temp.Combine("golden"));

        var (code, stdout, _) = CliRunner.Run("hash", dir, "--recipe", "openssf-files/1");

        Assert.Equal(0, code);
        Assert.Equal("sha256:" + ModelFixtures.OpenSsfGoldenRoot + "\n", stdout.ReplaceLineEndings("\n"));
    }
}
