using TrustScore.Errors;
using TrustScore.Signing;

namespace TrustScore.Receipts;

/// <summary>
/// Signs receipts with one Ed25519 key under one key id. It stamps the signer fields
/// (<c>signer_key_id</c>, <c>signer_fingerprint</c>), refuses a receipt that breaks a node rule,
/// and signs <see cref="ReceiptCanonical.SignBytes"/> (Ed25519 is deterministic: the same receipt
/// always gets the same signature). Safe for concurrent callers.
/// </summary>
public sealed class ReceiptSigner : IDisposable
{
    private readonly SigningKey _key;

    // Imported once: importing the PKCS#8 key on every signature would cost as much as signing.
    private readonly NSec.Cryptography.Key _nsecKey;

    /// <exception cref="BadInputException">The key is not Ed25519, or the key id is not a valid identifier.</exception>
    public ReceiptSigner(SigningKey key, string keyId)
    {
        if (key.Algorithm != SigningKeyAlgorithm.Ed25519)
        {
            throw new BadInputException($"Receipt key '{key.PublicKey.Source}' is {key.Algorithm}; receipts are signed with Ed25519 only.");
        }

        if (ReceiptRules.IdentifierProblem(keyId, ReceiptRules.MaxString) is string why)
        {
            throw new BadInputException($"The receipt key id '{keyId}' {why}.");
        }

        _key = key;
        _nsecKey = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, key.Pkcs8, NSec.Cryptography.KeyBlobFormat.PkixPrivateKey);
        KeyId = keyId;
        Fingerprint = ReceiptKeys.Fingerprint(key.PublicKey);
    }

    /// <summary>The <c>signer_key_id</c> stamped on every receipt.</summary>
    public string KeyId { get; }

    /// <summary>The <c>signer_fingerprint</c> stamped on every receipt.</summary>
    public string Fingerprint { get; }

    /// <summary>The public half, for verifiers.</summary>
    public VerificationKey PublicKey => _key.PublicKey;

    /// <summary>The receipt with the signer fields stamped and its signature filled in.</summary>
    /// <exception cref="ArgumentException">The receipt breaks a node rule (a programming error in the caller).</exception>
    public InferenceReceipt Sign(InferenceReceipt receipt)
    {
        InferenceReceipt stamped = receipt with { SignerKeyId = KeyId, SignerFingerprint = Fingerprint, Signature = [] };
        IReadOnlyList<ReceiptProblem> problems = ReceiptRules.Check(stamped, requireSignature: false);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Refusing to sign an invalid receipt: {string.Join("; ", problems)}.", nameof(receipt));
        }

        return stamped with { Signature = NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(_nsecKey, ReceiptCanonical.SignBytes(stamped)) };
    }

    public void Dispose() => _nsecKey.Dispose();
}
