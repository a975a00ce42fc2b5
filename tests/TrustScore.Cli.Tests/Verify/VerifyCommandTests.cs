using System.Text.Json;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Verify;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("cli-verify");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Verify_Good_ExitsZero_AndListsEveryCheck()
    {
        (string dir, string publicKey) = SignedVersion();

        var (code, stdout, _) = CliRunner.Run("verify", "--model", dir, "--public-key", publicKey);

        Assert.Equal(0, code);
        foreach (string check in new[] { "layout", "manifest", "files", "root", "signature", "signed-content" })
        {
            Assert.Contains($"PASS  {check}", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verify_TamperedFile_ExitsVerificationFailed_AndNamesIt()
    {
        (string dir, string publicKey) = SignedVersion();
        string onnx = Path.Combine(dir, "model", "model.onnx");
        byte[] bytes = File.ReadAllBytes(onnx);
        bytes[100] ^= 1;
        File.WriteAllBytes(onnx, bytes);

        var (code, stdout, _) = CliRunner.Run("verify", "--model", dir, "--public-key", publicKey, "--json");

        Assert.Equal(5, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("model.onnx", doc.RootElement.GetProperty("diff").GetProperty("changed")[0].GetString());
        var failed = doc.RootElement.GetProperty("checks").EnumerateArray()
            .Where(c => !c.GetProperty("passed").GetBoolean())
            .Select(c => c.GetProperty("name").GetString())
            .ToList();
        Assert.Equal(["files", "root", "keeper-hash", "signed-content", "conformance", "onnxruntime-parity"], failed);
    }

    [Fact]
    public void Verify_WithTrustedKeysDirectory()
    {
        (string dir, string publicKey) = SignedVersion();
        string trusted = temp.Combine("trusted");
        Directory.CreateDirectory(trusted);
        File.Copy(publicKey, Path.Combine(trusted, "release.pub"));

        var (code, stdout, _) = CliRunner.Run("verify", "--model", dir, "--trusted-keys", trusted);

        Assert.Equal(0, code);
        Assert.Contains("release.pub", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoKey_IsBadInput()
    {
        (string dir, _) = SignedVersion();

        var (code, _, stderr) = CliRunner.Run("verify", "--model", dir);

        Assert.Equal(3, code);
        Assert.Contains("--public-key", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AsSeparateProcess_WithScalarIsa()
    {
        (string dir, string publicKey) = SignedVersion();

        CliProcessResult result = CliProcess.Run(["verify", "--model", dir, "--public-key", publicKey], new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" });

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
    }

    private (string Dir, string PublicKey) SignedVersion()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));
        string keys = temp.Combine("keys");
        Assert.Equal(0, CliRunner.Run("keygen", "--out", keys).Code);
        Assert.Equal(0, CliRunner.Run("sign", "--model", dir, "--key", Path.Combine(keys, "trustscore-signing.key")).Code);
        return (dir, Path.Combine(keys, "trustscore-signing.pub"));
    }
}
