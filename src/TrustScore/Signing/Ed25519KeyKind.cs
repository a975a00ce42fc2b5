using NSec.Cryptography;

namespace TrustScore.Signing;

/// <summary>Ed25519 (RFC 8032) signer and verifier through NSec (libsodium).</summary>
internal sealed class Ed25519KeyKind : KeyKind
{
    public static readonly Ed25519KeyKind Instance = new();

    private static KeyCreationParameters Exportable => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    public override SigningKeyAlgorithm Algorithm => SigningKeyAlgorithm.Ed25519;

    public override string Name => "ed25519";

    public override string AlgorithmOid => "1.3.101.112";

    public override (byte[] Pkcs8, byte[] Spki) Generate()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, Exportable);
        return (key.Export(KeyBlobFormat.PkixPrivateKey), key.PublicKey.Export(KeyBlobFormat.PkixPublicKey));
    }

    public override byte[] PublicKeyOf(byte[] pkcs8)
    {
        using var key = Import(pkcs8);
        return key.PublicKey.Export(KeyBlobFormat.PkixPublicKey);
    }

    public override byte[] Sign(byte[] pkcs8, ReadOnlySpan<byte> message)
    {
        using var key = Import(pkcs8);
        return SignatureAlgorithm.Ed25519.Sign(key, message);
    }

    public override bool Verify(byte[] spki, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, spki, KeyBlobFormat.PkixPublicKey, out PublicKey? publicKey) || publicKey is null)
        {
            return false;
        }

        return SignatureAlgorithm.Ed25519.Verify(publicKey, message, signature);
    }

    private static Key Import(byte[] pkcs8) =>
        Key.TryImport(SignatureAlgorithm.Ed25519, pkcs8, KeyBlobFormat.PkixPrivateKey, out Key? key, Exportable) && key is not null
            ? key
            : throw new FormatException("Not a valid Ed25519 PKCS#8 private key.");
}
