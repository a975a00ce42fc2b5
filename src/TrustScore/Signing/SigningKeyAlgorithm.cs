namespace TrustScore.Signing;

/// <summary>Key kinds for signing a model (FORMATS.md §3).</summary>
public enum SigningKeyAlgorithm
{
    /// <summary>Ed25519 (RFC 8032): deterministic signatures, but not accepted by <c>model_signing</c> key mode.</summary>
    Ed25519,

    /// <summary>ECDSA over NIST P-256 with SHA-256: the default, what OpenSSF <c>model_signing</c> key and certificate modes verify.</summary>
    EcdsaP256,
}
