namespace TrustScore.Signing;

/// <summary>What <see cref="CertificateChainVerifier"/> found.</summary>
/// <param name="Valid">The leaf chains to a trusted root, is valid now and may sign.</param>
/// <param name="Detail">One sentence: the leaf's subject and root, or why the chain was refused.</param>
/// <param name="LeafKey">The leaf certificate's public key, when <paramref name="Valid"/>.</param>
public sealed record CertificateChainResult(bool Valid, string Detail, VerificationKey? LeafKey);
