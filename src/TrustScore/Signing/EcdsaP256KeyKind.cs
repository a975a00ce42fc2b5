using System.Security.Cryptography;

namespace TrustScore.Signing;

/// <summary>
/// ECDSA P-256 with SHA-256 (built into .NET). Signatures are DER-encoded (RFC 3279), as the
/// OpenSSF <c>model_signing</c> key mode writes and expects them.
/// </summary>
internal sealed class EcdsaP256KeyKind : KeyKind
{
    public static readonly EcdsaP256KeyKind Instance = new();

    private const string P256CurveOid = "1.2.840.10045.3.1.7";

    public override SigningKeyAlgorithm Algorithm => SigningKeyAlgorithm.EcdsaP256;

    public override string Name => "ecdsa-p256";

    public override string AlgorithmOid => "1.2.840.10045.2.1";

    public override (byte[] Pkcs8, byte[] Spki) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKey(), key.ExportSubjectPublicKeyInfo());
    }

    public override byte[] PublicKeyOf(byte[] pkcs8)
    {
        using var key = ImportPrivate(pkcs8);
        return key.ExportSubjectPublicKeyInfo();
    }

    public override byte[] Sign(byte[] pkcs8, ReadOnlySpan<byte> message)
    {
        using var key = ImportPrivate(pkcs8);
        return key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public override bool Verify(byte[] spki, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out _);
            if (!IsP256(key))
            {
                return false;
            }

            return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static ECDsa ImportPrivate(byte[] pkcs8)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            if (!IsP256(key))
            {
                throw new FormatException("The EC key is not on curve P-256.");
            }

            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new FormatException("Not a valid EC PKCS#8 private key.", ex);
        }
        catch (FormatException)
        {
            key.Dispose();
            throw;
        }
    }

    private static bool IsP256(ECDsa key) => key.ExportParameters(false).Curve.Oid.Value == P256CurveOid;
}
