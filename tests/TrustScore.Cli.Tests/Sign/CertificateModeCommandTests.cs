using System.Security.Cryptography;
using System.Text.Json;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Sign;

/// <summary><c>keygen</c>'s default key and certificate-mode <c>sign</c>/<c>verify</c> through the CLI.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CertificateModeCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("cli-certificate");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Keygen_Default_IsEcdsaP256()
    {
        var keygen = CliRunner.Run("keygen", "--out", temp.Combine("keys"), "--json");

        Assert.Equal(0, keygen.Code);
        using var doc = JsonDocument.Parse(keygen.Out);
        Assert.Equal("ecdsa-p256", doc.RootElement.GetProperty("algorithm").GetString());
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(doc.RootElement.GetProperty("public_key").GetString()!));
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value);
    }

    [Fact]
    public void SignWithCertificate_VerifyWithRoot_PassesAndAnotherRootFails()
    {
        TestPki pki = TestPki.Create(temp.Combine("pki"));
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));
        (string key, string certificate) = pki.Leaf("leaf");

        var sign = CliRunner.Run("sign", "--model", dir, "--key", key, "--certificate", certificate, "--certificate-chain", pki.IntermediatePem);
        Assert.True(sign.Code == 0, sign.Out + sign.Err);

        var verify = CliRunner.Run("verify", "--model", dir, "--certificate-chain", pki.RootPem);
        Assert.True(verify.Code == 0, verify.Out + verify.Err);
        Assert.Contains("PASS  signature", verify.Out, StringComparison.Ordinal);

        var other = CliRunner.Run("verify", "--model", dir, "--certificate-chain", pki.OtherRootPem);
        Assert.Equal(5, other.Code);
        Assert.Contains("FAIL  signature", other.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ChainWithoutCertificate_IsBadInput()
    {
        TestPki pki = TestPki.Create(temp.Combine("pki"));
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));

        var sign = CliRunner.Run("sign", "--model", dir, "--key", pki.Leaf("leaf").Key, "--certificate-chain", pki.IntermediatePem);

        Assert.Equal(3, sign.Code);
        Assert.Contains("--certificate", sign.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CertificatesAndKeysTogether_IsBadInput()
    {
        TestPki pki = TestPki.Create(temp.Combine("pki"));
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));
        var keygen = CliRunner.Run("keygen", "--out", temp.Combine("keys"));
        Assert.Equal(0, keygen.Code);

        var verify = CliRunner.Run("verify", "--model", dir, "--certificate-chain", pki.RootPem, "--public-key", temp.Combine("keys", "trustscore-signing.pub"));

        Assert.Equal(3, verify.Code);
    }
}
