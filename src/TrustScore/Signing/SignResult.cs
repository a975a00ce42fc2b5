namespace TrustScore.Signing;

/// <summary>What <see cref="ModelSigner.Sign(string, string)"/> signed and wrote.</summary>
/// <param name="SignaturePath">The written <c>model.sig</c>.</param>
/// <param name="Root">The signed model root, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Algorithm">The key's algorithm.</param>
/// <param name="KeyHint">SHA-256 of the signer's public key PEM (recorded in the bundle).</param>
/// <param name="Artifacts">The version-directory files signed beside the model (manifest first).</param>
public sealed record SignResult(string SignaturePath, string Root, SigningKeyAlgorithm Algorithm, string KeyHint, IReadOnlyList<SignedResource> Artifacts);
