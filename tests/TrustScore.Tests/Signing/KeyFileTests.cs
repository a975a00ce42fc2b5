using System.Diagnostics;
using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Signing;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFileTests : IDisposable
{
    private readonly TempDirectory temp = new("keys");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(SigningKeyAlgorithm.Ed25519)]
    [InlineData(SigningKeyAlgorithm.EcdsaP256)]
    public void Generate_WritesOwnerOnlyPrivateKey_AndMatchingPublicKey(SigningKeyAlgorithm algorithm)
    {
        KeygenResult result = KeyGenerator.Generate(temp.Path, algorithm);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(result.PrivateKeyPath));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", File.ReadAllText(result.PrivateKeyPath), StringComparison.Ordinal);
        SigningKey key = KeyFile.ReadSigningKey(result.PrivateKeyPath);
        VerificationKey publicKey = KeyFile.ReadVerificationKey(result.PublicKeyPath);
        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(publicKey.Spki, key.PublicKey.Spki);
        Assert.Equal(result.KeyHint, publicKey.Hint);
        byte[] signature = key.Sign([1, 2, 3]);
        Assert.True(publicKey.Verify([1, 2, 3], signature));
    }

    [Fact]
    public void Generate_RefusesToOverwriteAKey()
    {
        KeygenResult first = KeyGenerator.Generate(temp.Path);
        string before = File.ReadAllText(first.PrivateKeyPath);

        var ex = Assert.Throws<BadInputException>(() => KeyGenerator.Generate(temp.Path));

        Assert.Contains("refusing to overwrite", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(first.PrivateKeyPath));
    }

    [Fact]
    public void SigningKey_ToString_DoesNotRevealTheKey()
    {
        KeygenResult result = KeyGenerator.Generate(temp.Path);
        SigningKey key = KeyFile.ReadSigningKey(result.PrivateKeyPath);
        string pemBody = File.ReadAllLines(result.PrivateKeyPath)[1];

        Assert.DoesNotContain(pemBody, key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(pemBody[..16], key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSigningKey_RefusesAGroupReadableKey()
    {
        KeygenResult result = KeyGenerator.Generate(temp.Path);
        File.SetUnixFileMode(result.PrivateKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var ex = Assert.Throws<BadInputException>(() => KeyFile.ReadSigningKey(result.PrivateKeyPath));

        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSigningKey_AcceptsSec1EcPrivateKey()
    {
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        string path = ModelFixtures.Write(temp.Path, "sec1.key", KeyFile.ToPem("EC PRIVATE KEY", ec.ExportECPrivateKey()));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        SigningKey key = KeyFile.ReadSigningKey(path);

        Assert.Equal(SigningKeyAlgorithm.EcdsaP256, key.Algorithm);
        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), key.PublicKey.Spki);
    }

    [Fact]
    public void ReadSigningKey_EcKeyOnAnotherCurve_IsBadInput()
    {
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        string path = ModelFixtures.Write(temp.Path, "p384.key", KeyFile.ToPem("PRIVATE KEY", ec.ExportPkcs8PrivateKey()));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<BadInputException>(() => KeyFile.ReadSigningKey(path));
    }

    [Fact]
    public void ReadVerificationKey_GivenPrivateKey_SaysSo()
    {
        KeygenResult result = KeyGenerator.Generate(temp.Path);

        var ex = Assert.Throws<BadInputException>(() => KeyFile.ReadVerificationKey(result.PrivateKeyPath));

        Assert.Contains("not a 'PUBLIC KEY'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSigningKey_NotPem_IsBadInput()
    {
        string path = ModelFixtures.Write(temp.Path, "garbage.key", "not a key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Assert.Throws<BadInputException>(() => KeyFile.ReadSigningKey(path));

        Assert.Equal(ExitCode.BadInput, ex.ExitCode);
    }

    [Fact]
    public void ReadSigningKey_UnsupportedAlgorithm_IsBadInput()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        string path = ModelFixtures.Write(temp.Path, "rsa.key", KeyFile.ToPem("PRIVATE KEY", rsa.ExportPkcs8PrivateKey()));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Assert.Throws<BadInputException>(() => KeyFile.ReadSigningKey(path));

        Assert.Contains("only Ed25519 and ECDSA P-256", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ed25519", "-algorithm ED25519")]
    [InlineData("ec", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256")]
    public void OpenSslKeys_AreReadAndSignaturesVerifyWithOpenSsl(string name, string genArgs)
    {
        // OpenSSL is an independent implementation of the key formats and both algorithms.
        string keyPath = temp.Combine(name + ".key");
        string pubPath = temp.Combine(name + ".pub");
        OpenSsl($"genpkey {genArgs} -out {keyPath}");
        OpenSsl($"pkey -in {keyPath} -pubout -out {pubPath}");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        byte[] message = "DSSEv1 28 application/vnd.in-toto+json 2 {}"u8.ToArray();
        string messagePath = ModelFixtures.Write(temp.Path, name + ".msg", message);

        SigningKey key = KeyFile.ReadSigningKey(keyPath);
        byte[] signature = key.Sign(message);
        string sigPath = ModelFixtures.Write(temp.Path, name + ".sig", signature);

        Assert.Equal(KeyFile.ReadVerificationKey(pubPath).Spki, key.PublicKey.Spki);
        string digestArg = name == "ec" ? "-rawin -digest sha256 " : "-rawin ";
        OpenSsl($"pkeyutl -verify -pubin -inkey {pubPath} {digestArg}-in {messagePath} -sigfile {sigPath}");
    }

    private static void OpenSsl(string arguments)
    {
        var psi = new ProcessStartInfo("openssl", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        string err = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {arguments} failed: {err}");
    }
}
