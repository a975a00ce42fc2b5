using System.Formats.Asn1;
using TrustScore.Errors;

namespace TrustScore.Signing;

/// <summary>
/// One kind of signing key: each subclass holds both its signer
/// and its verifier, over PKCS#8 private keys and SubjectPublicKeyInfo public keys (DER).
/// </summary>
internal abstract class KeyKind
{
    public abstract SigningKeyAlgorithm Algorithm { get; }

    /// <summary>The name used on the command line and in reports.</summary>
    public abstract string Name { get; }

    /// <summary>The algorithm OID in PKCS#8 and SubjectPublicKeyInfo.</summary>
    public abstract string AlgorithmOid { get; }

    /// <summary>A fresh key pair: (PKCS#8 DER, SubjectPublicKeyInfo DER).</summary>
    public abstract (byte[] Pkcs8, byte[] Spki) Generate();

    /// <summary>The SubjectPublicKeyInfo of a PKCS#8 private key (validates the key).</summary>
    public abstract byte[] PublicKeyOf(byte[] pkcs8);

    /// <summary>Signs <paramref name="message"/>.</summary>
    public abstract byte[] Sign(byte[] pkcs8, ReadOnlySpan<byte> message);

    /// <summary>True when <paramref name="signature"/> is valid for <paramref name="message"/>.</summary>
    public abstract bool Verify(byte[] spki, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    public static KeyKind For(SigningKeyAlgorithm algorithm) => algorithm switch
    {
        SigningKeyAlgorithm.Ed25519 => Ed25519KeyKind.Instance,
        SigningKeyAlgorithm.EcdsaP256 => EcdsaP256KeyKind.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>Parses a command-line name (<c>ed25519</c>, <c>ecdsa-p256</c>).</summary>
    public static SigningKeyAlgorithm ParseName(string name) => name.ToLowerInvariant() switch
    {
        "ed25519" => SigningKeyAlgorithm.Ed25519,
        "ecdsa-p256" or "p256" or "p-256" => SigningKeyAlgorithm.EcdsaP256,
        _ => throw new BadInputException($"Unknown key algorithm '{name}'; use ed25519 or ecdsa-p256."),
    };

    /// <summary>The kind named by the algorithm OID of a PKCS#8 or SubjectPublicKeyInfo blob.</summary>
    public static KeyKind FromDer(byte[] der, bool isPrivate, string source)
    {
        string oid;
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            AsnReader outer = reader.ReadSequence();
            if (isPrivate)
            {
                _ = outer.ReadInteger(); // version
            }

            AsnReader algorithm = outer.ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
        }
        catch (AsnContentException ex)
        {
            throw new BadInputException($"Key file '{source}' is not a valid {(isPrivate ? "PKCS#8 private" : "SubjectPublicKeyInfo public")} key.", ex);
        }

        if (oid == Ed25519KeyKind.Instance.AlgorithmOid)
        {
            return Ed25519KeyKind.Instance;
        }

        if (oid == EcdsaP256KeyKind.Instance.AlgorithmOid)
        {
            return EcdsaP256KeyKind.Instance;
        }

        throw new BadInputException($"Key file '{source}' holds a key of algorithm {oid}; only Ed25519 and ECDSA P-256 are supported.");
    }
}
