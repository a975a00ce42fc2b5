namespace TrustScore.Signing;

/// <summary>Key kinds for signing a model (docs/formats.md §4).</summary>
public enum SigningKeyAlgorithm
{
    /// <summary>Ed25519 (RFC 8032), the runbook's choice and the default.</summary>
    Ed25519,

    /// <summary>ECDSA over NIST P-256 with SHA-256: what OpenSSF <c>model_signing</c> key mode verifies.</summary>
    EcdsaP256,
}
