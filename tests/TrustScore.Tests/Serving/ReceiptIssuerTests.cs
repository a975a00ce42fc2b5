using TrustScore.Errors;
using TrustScore.Serving;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>The receipt key is held to the signing keys' checks: owner-only, a private key, Ed25519.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReceiptIssuerTests : IDisposable
{
    private readonly TempDirectory temp = new("receipt-issuer");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_key_readable_by_others_is_refused()
    {
        KeygenResult key = KeyGenerator.Generate(temp.Path, SigningKeyAlgorithm.Ed25519, "receipts");
        File.SetUnixFileMode(key.PrivateKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var ex = Assert.Throws<BadInputException>(() => ReceiptIssuer.Open(new ReceiptOptions(key.PrivateKeyPath)));
        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ecdsa_key_is_refused()
    {
        KeygenResult key = KeyGenerator.Generate(temp.Path, SigningKeyAlgorithm.EcdsaP256, "receipts");
        var ex = Assert.Throws<BadInputException>(() => ReceiptIssuer.Open(new ReceiptOptions(key.PrivateKeyPath)));
        Assert.Contains("Ed25519 only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_is_refused()
    {
        KeygenResult key = KeyGenerator.Generate(temp.Path, SigningKeyAlgorithm.Ed25519, "receipts");
        Assert.Throws<BadInputException>(() => ReceiptIssuer.Open(new ReceiptOptions(key.PublicKeyPath)));
    }

    [Fact]
    public void The_default_key_id_and_sequence_file_follow_the_key()
    {
        KeygenResult key = KeyGenerator.Generate(temp.Path, SigningKeyAlgorithm.Ed25519, "receipts");
        using ReceiptIssuer issuer = ReceiptIssuer.Open(new ReceiptOptions(key.PrivateKeyPath));
        Assert.Equal("trustscore/" + issuer.Fingerprint[..16], issuer.KeyId);
        Assert.Equal(ReceiptOptions.DefaultChainId, issuer.ChainId);
        Assert.Equal(1UL, issuer.FirstSequence);
        Assert.Throws<BusyException>(() => ReceiptIssuer.Open(new ReceiptOptions(key.PrivateKeyPath)));
    }
}
