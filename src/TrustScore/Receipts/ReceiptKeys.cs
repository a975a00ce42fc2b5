using System.Security.Cryptography;
using TrustScore.Errors;
using TrustScore.Signing;

namespace TrustScore.Receipts;

/// <summary>
/// Ed25519 key facts a receipt needs: the raw 32-byte public key inside a SubjectPublicKeyInfo,
/// and the signer fingerprint, lower-case hex SHA-256 of that raw key (the node's rule; not the
/// PEM hint used for model signatures).
/// </summary>
public static class ReceiptKeys
{
    // SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): this 12-byte header, then the 32-byte key.
    private static readonly byte[] SpkiHeader = Convert.FromHexString("302a300506032b6570032100");

    /// <summary>The raw public key.</summary>
    /// <exception cref="BadInputException">Not an Ed25519 key.</exception>
    public static byte[] RawPublicKey(VerificationKey key)
    {
        if (key.Algorithm != SigningKeyAlgorithm.Ed25519 || key.Spki.Length != SpkiHeader.Length + 32 || !key.Spki.AsSpan(0, SpkiHeader.Length).SequenceEqual(SpkiHeader))
        {
            throw new BadInputException($"Key '{key.Source}' is not an Ed25519 key; receipts are signed with Ed25519 only.");
        }

        return key.Spki[SpkiHeader.Length..];
    }

    /// <summary>Lower-case hex SHA-256 of the raw public key.</summary>
    public static string Fingerprint(VerificationKey key) => Convert.ToHexStringLower(SHA256.HashData(RawPublicKey(key)));

    /// <summary>A SubjectPublicKeyInfo public key from a raw 32-byte Ed25519 key.</summary>
    public static VerificationKey FromRaw(byte[] raw, string source) => raw.Length == 32
        ? new VerificationKey(SigningKeyAlgorithm.Ed25519, [.. SpkiHeader, .. raw], source)
        : throw new BadInputException($"'{source}' holds {raw.Length} bytes; a raw Ed25519 public key has 32.");
}
