namespace TrustScore.Verification;

/// <summary>
/// How to verify a version directory. Keys come from the operator: a public key file and/or a
/// directory of trusted public keys (FORMATS.md §3).
/// </summary>
public sealed record VerifyOptions
{
    /// <summary>A public key file (PEM SubjectPublicKeyInfo).</summary>
    public string? PublicKeyPath { get; init; }

    /// <summary>A directory of trusted public keys (<c>*.pub</c>, <c>*.pem</c>).</summary>
    public string? TrustedKeysDir { get; init; }

    /// <summary>
    /// Certificate mode (docs/formats.md §4): PEM files of trusted root certificates. When
    /// given, the signature is checked against the certificate chain in <c>model.sig</c> instead
    /// of a public key, and no key source is needed.
    /// </summary>
    public IReadOnlyList<string> CertificateChainPaths { get; init; } = [];

    /// <summary>
    /// When true (default), a missing key source is bad input. When false and no key is given,
    /// the signature checks are listed under <see cref="VerificationReport.Skipped"/> instead.
    /// </summary>
    public bool RequireSignature { get; init; } = true;

    /// <summary>Extra checks run after the built-in ones, in order.</summary>
    public IReadOnlyList<IVersionCheck> ExtraChecks { get; init; } = [];
}
