using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using TrustScore.Signing;

namespace TrustScore.Tests.Signing;

/// <summary>RFC 8032 §7.1 TEST 1, and signatures that cross-verify with BouncyCastle (an independent implementation).</summary>
public sealed class Ed25519InteropTests
{
    private const string Rfc8032Secret = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032Signature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155" +
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    // RFC 8410 encodings: PKCS#8 and SubjectPublicKeyInfo prefixes for Ed25519 (OID 1.3.101.112).
    private const string Pkcs8Prefix = "302e020100300506032b657004220420";
    private const string SpkiPrefix = "302a300506032b6570032100";

    private static readonly byte[] Message = Encoding.UTF8.GetBytes("DSSEv1 28 application/vnd.in-toto+json 5 hello");

    [Fact]
    public void Rfc8032Test1_DerivesPublicKeyAndSignature()
    {
        byte[] pkcs8 = Convert.FromHexString(Pkcs8Prefix + Rfc8032Secret);

        byte[] spki = Ed25519KeyKind.Instance.PublicKeyOf(pkcs8);
        byte[] signature = Ed25519KeyKind.Instance.Sign(pkcs8, []);

        Assert.Equal(SpkiPrefix + Rfc8032Public, Convert.ToHexStringLower(spki));
        Assert.Equal(Rfc8032Signature, Convert.ToHexStringLower(signature));
        Assert.True(Ed25519KeyKind.Instance.Verify(spki, [], signature));
    }

    [Fact]
    public void Rfc8032Test1_RejectsAlteredMessage()
    {
        byte[] spki = Convert.FromHexString(SpkiPrefix + Rfc8032Public);

        Assert.False(Ed25519KeyKind.Instance.Verify(spki, [0x00], Convert.FromHexString(Rfc8032Signature)));
    }

    [Fact]
    public void NSecSignature_VerifiesWithBouncyCastle()
    {
        (byte[] pkcs8, byte[] spki) = Ed25519KeyKind.Instance.Generate();
        byte[] signature = Ed25519KeyKind.Instance.Sign(pkcs8, Message);

        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(spki.AsSpan(spki.Length - 32)));
        verifier.BlockUpdate(Message, 0, Message.Length);

        Assert.True(verifier.VerifySignature(signature));
    }

    [Fact]
    public void BouncyCastleSignature_VerifiesWithNSec()
    {
        var privateKey = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        signer.BlockUpdate(Message, 0, Message.Length);
        byte[] signature = signer.GenerateSignature();
        byte[] spki = Convert.FromHexString(SpkiPrefix + Convert.ToHexStringLower(privateKey.GeneratePublicKey().GetEncoded()));

        Assert.True(Ed25519KeyKind.Instance.Verify(spki, Message, signature));
        Assert.False(Ed25519KeyKind.Instance.Verify(spki, [.. Message, 0x20], signature));
    }

    [Fact]
    public void BouncyCastlePrivateKey_InPkcs8_SignsLikeBouncyCastle()
    {
        var privateKey = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        byte[] pkcs8 = Convert.FromHexString(Pkcs8Prefix + Convert.ToHexStringLower(privateKey.GetEncoded()));
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        signer.BlockUpdate(Message, 0, Message.Length);

        // Ed25519 is deterministic: both libraries must produce the same bytes.
        Assert.Equal(signer.GenerateSignature(), Ed25519KeyKind.Instance.Sign(pkcs8, Message));
    }

    [Fact]
    public void EcdsaP256Signature_VerifiesWithBouncyCastle_AndBack()
    {
        (byte[] pkcs8, byte[] spki) = EcdsaP256KeyKind.Instance.Generate();
        byte[] signature = EcdsaP256KeyKind.Instance.Sign(pkcs8, Message);

        var bcPublic = Org.BouncyCastle.Security.PublicKeyFactory.CreateKey(spki);
        var bcVerifier = Org.BouncyCastle.Security.SignerUtilities.GetSigner("SHA-256withECDSA");
        bcVerifier.Init(false, bcPublic);
        bcVerifier.BlockUpdate(Message, 0, Message.Length);
        Assert.True(bcVerifier.VerifySignature(signature));

        var bcPrivate = Org.BouncyCastle.Security.PrivateKeyFactory.CreateKey(pkcs8);
        var bcSigner = Org.BouncyCastle.Security.SignerUtilities.GetSigner("SHA-256withECDSA");
        bcSigner.Init(true, bcPrivate);
        bcSigner.BlockUpdate(Message, 0, Message.Length);
        byte[] bcSignature = bcSigner.GenerateSignature();
        Assert.True(EcdsaP256KeyKind.Instance.Verify(spki, Message, bcSignature));
    }

    [Fact]
    public void EcdsaP256_RejectsSignatureFromAnotherKey()
    {
        (byte[] pkcs8, _) = EcdsaP256KeyKind.Instance.Generate();
        (_, byte[] otherSpki) = EcdsaP256KeyKind.Instance.Generate();

        Assert.False(EcdsaP256KeyKind.Instance.Verify(otherSpki, Message, EcdsaP256KeyKind.Instance.Sign(pkcs8, Message)));
    }

    [Fact]
    public void VerificationKeyHint_IsSha256OfPublicKeyPem()
    {
        byte[] spki = Convert.FromHexString(SpkiPrefix + Rfc8032Public);
        var key = new VerificationKey(SigningKeyAlgorithm.Ed25519, spki, "rfc8032.pub");
        string pem = "-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String(spki) + "\n-----END PUBLIC KEY-----\n";

        Assert.Equal(pem, key.Pem);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(pem))), key.Hint);
    }
}
