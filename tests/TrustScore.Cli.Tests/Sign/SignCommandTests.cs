using System.Text.Json;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Sign;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SignCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("cli-sign");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa-p256")]
    public void Keygen_Sign_Verify_RoundTrip(string algorithm)
    {
        string keys = temp.Combine("keys");
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));

        var keygen = CliRunner.Run("keygen", "--out", keys, "--algorithm", algorithm, "--json");
        Assert.Equal((int)ExitCode.Ok, keygen.Code);
        using var keyDoc = JsonDocument.Parse(keygen.Out);
        string privateKey = keyDoc.RootElement.GetProperty("private_key").GetString()!;
        string publicKey = keyDoc.RootElement.GetProperty("public_key").GetString()!;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateKey));

        var sign = CliRunner.Run("sign", "--model", dir, "--key", privateKey, "--json");
        Assert.Equal((int)ExitCode.Ok, sign.Code);
        using var signDoc = JsonDocument.Parse(sign.Out);
        Assert.True(File.Exists(Path.Combine(dir, "model.sig")));
        Assert.Equal(algorithm, signDoc.RootElement.GetProperty("algorithm").GetString());

        var verify = CliRunner.Run("verify", "--model", dir, "--public-key", publicKey);
        Assert.True(verify.Code == (int)ExitCode.Ok, verify.Out + verify.Err);
        Assert.Contains("verified: 1.2.0", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Keygen_NeverPrintsThePrivateKey()
    {
        string keys = temp.Combine("keys");

        var (code, stdout, stderr) = CliRunner.Run("keygen", "--out", keys);

        Assert.Equal(0, code);
        string body = File.ReadAllLines(Path.Combine(keys, "trustscore-signing.key"))[1];
        Assert.DoesNotContain(body, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Keygen_UnknownAlgorithm_IsUsageError()
    {
        var (code, _, stderr) = CliRunner.Run("keygen", "--out", temp.Path, "--algorithm", "rsa");

        Assert.Equal(2, code);
        Assert.Contains("rsa", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_MissingKeyFile_IsBadInput()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));

        var (code, _, stderr) = CliRunner.Run("sign", "--model", dir, "--key", temp.Combine("absent.key"));

        Assert.Equal(3, code);
        Assert.Contains("absent.key", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ModelThatDisagreesWithManifest_IsVerificationFailed()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));
        File.AppendAllText(Path.Combine(dir, "model", "model.onnx"), "x");
        CliRunner.Run("keygen", "--out", temp.Combine("keys"));

        var (code, _, stderr) = CliRunner.Run("sign", "--model", dir, "--key", temp.Combine("keys", "trustscore-signing.key"));

        Assert.Equal(5, code);
        Assert.Contains("does not describe", stderr, StringComparison.Ordinal);
    }
}
