using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TrustScore.Signing;

/// <summary>
/// Certificate mode (docs/formats.md §4): checks, offline, that the signing certificate of a
/// bundle chains to one of the operator's root certificates through the intermediates the
/// bundle carries, is within its validity period at the verification time, may be used for
/// signing (key usage <c>digitalSignature</c> or extended key usage <c>codeSigning</c>, the
/// rule of OpenSSF <c>model_signing</c> certificate mode) and holds an ECDSA P-256 key. No
/// revocation lists, no network, no transparency log.
/// </summary>
public static class CertificateChainVerifier
{
    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    /// <summary>
    /// Verifies <paramref name="bundleChain"/> (DER, leaf first) against
    /// <paramref name="trustedRoots"/> at <paramref name="at"/>.
    /// </summary>
    public static CertificateChainResult Verify(IReadOnlyList<byte[]> bundleChain, IReadOnlyList<X509Certificate2> trustedRoots, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(bundleChain);
        ArgumentNullException.ThrowIfNull(trustedRoots);
        if (bundleChain.Count == 0)
        {
            return Refused("the bundle carries no certificate chain (it was signed in key mode: verify with --public-key or --trusted-keys)");
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            for (int i = 0; i < bundleChain.Count; i++)
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(bundleChain[i]));
                }
                catch (CryptographicException ex)
                {
                    return Refused($"certificate {i} of the bundle's chain is not a valid X.509 certificate: {ex.Message}");
                }
            }

            return VerifyLoaded(certificates, trustedRoots, at);
        }
        finally
        {
            foreach (X509Certificate2 certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static CertificateChainResult VerifyLoaded(List<X509Certificate2> certificates, IReadOnlyList<X509Certificate2> trustedRoots, DateTimeOffset at)
    {
        X509Certificate2 leaf = certificates[0];
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        foreach (X509Certificate2 root in trustedRoots)
        {
            // Only self-issued certificates can anchor a chain; anything else the operator
            // passed is offered as an intermediate, never trusted on its own.
            (root.SubjectName.RawData.AsSpan().SequenceEqual(root.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(root);
        }

        foreach (X509Certificate2 intermediate in certificates.Skip(1))
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        if (chain.ChainPolicy.CustomTrustStore.Count == 0)
        {
            return Refused("the trusted certificate file holds no self-signed root certificate");
        }

        if (!chain.Build(leaf))
        {
            string problems = string.Join("; ", chain.ChainStatus
                .Where(s => s.Status != X509ChainStatusFlags.NoError)
                .Select(s => Describe(s.Status, leaf, at))
                .Distinct(StringComparer.Ordinal));
            return Refused($"signing certificate '{leaf.Subject}' (issuer '{leaf.Issuer}') does not chain to a trusted root: {problems}");
        }

        if (!MaySign(leaf))
        {
            return Refused($"signing certificate '{leaf.Subject}' may not sign: it has neither key usage digitalSignature nor extended key usage codeSigning");
        }

        using ECDsa? ecdsa = leaf.GetECDsaPublicKey();
        if (ecdsa is null || ecdsa.ExportParameters(false).Curve.Oid.Value != "1.2.840.10045.3.1.7")
        {
            return Refused($"signing certificate '{leaf.Subject}' does not hold an ECDSA P-256 key");
        }

        X509Certificate2 anchor = chain.ChainElements[^1].Certificate;
        var key = new VerificationKey(SigningKeyAlgorithm.EcdsaP256, leaf.PublicKey.ExportSubjectPublicKeyInfo(), $"certificate '{leaf.Subject}'");
        return new CertificateChainResult(true, $"certificate '{leaf.Subject}' chains to trusted root '{anchor.Subject}' ({chain.ChainElements.Count} certificates), valid until {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd}", key);
    }

    private static bool MaySign(X509Certificate2 leaf)
    {
        foreach (X509Extension extension in leaf.Extensions)
        {
            if (extension is X509KeyUsageExtension usage && usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            {
                return true;
            }

            if (extension is X509EnhancedKeyUsageExtension enhanced && enhanced.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == CodeSigningOid))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(X509ChainStatusFlags status, X509Certificate2 leaf, DateTimeOffset at) => status switch
    {
        X509ChainStatusFlags.NotTimeValid => $"a certificate is outside its validity period at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (the leaf is valid {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd} to {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd})",
        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "it was not issued under any of the trusted roots",
        X509ChainStatusFlags.NotSignatureValid => "a certificate's signature does not verify",
        X509ChainStatusFlags.InvalidBasicConstraints => "an issuing certificate is not a CA",
        _ => status.ToString(),
    };

    private static CertificateChainResult Refused(string detail) => new(false, detail, null);
}
