namespace TrustScore.Signing;

/// <summary>What <see cref="KeyGenerator.Generate"/> wrote.</summary>
/// <param name="Algorithm">The key's algorithm.</param>
/// <param name="PrivateKeyPath">The owner-only PKCS#8 PEM private key.</param>
/// <param name="PublicKeyPath">The SubjectPublicKeyInfo PEM public key to hand to verifiers.</param>
/// <param name="KeyHint">SHA-256 of the public key PEM (the bundle's key hint).</param>
public sealed record KeygenResult(SigningKeyAlgorithm Algorithm, string PrivateKeyPath, string PublicKeyPath, string KeyHint);
