using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TrustScore.TestSupport;

/// <summary>
/// A throw-away PKI generated in the test with <see cref="CertificateRequest"/>: a root CA, an
/// intermediate CA under it, a signing leaf under the intermediate, an expired leaf, a leaf
/// without any signing usage, and a second, unrelated root with its own leaf. Everything is
/// written as PEM files (private keys PKCS#8, owner-only) in <see cref="Dir"/>.
/// </summary>
public sealed class TestPki
{
    private TestPki(string dir) => Dir = dir;

    public string Dir { get; }

    /// <summary>The trusted root certificate (PEM).</summary>
    public string RootPem => Path.Combine(Dir, "root.pem");

    /// <summary>The intermediate CA certificate (PEM).</summary>
    public string IntermediatePem => Path.Combine(Dir, "intermediate.pem");

    /// <summary>The unrelated root (PEM).</summary>
    public string OtherRootPem => Path.Combine(Dir, "other-root.pem");

    /// <summary>Leaf files: (<c>NAME.key</c>, <c>NAME.pem</c>) for leaf, expired, no-usage, other-ca, codesign-only.</summary>
    public (string Key, string Certificate) Leaf(string name) => (Path.Combine(Dir, name + ".key"), Path.Combine(Dir, name + ".pem"));

    public static TestPki Create(string dir)
    {
        Directory.CreateDirectory(dir);
        var pki = new TestPki(dir);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 root = SelfSignedCa("CN=TrustScore Test Root CA, O=Test Validators", now.AddYears(-5), now.AddYears(5));
        using X509Certificate2 intermediate = IssueCa(root, "CN=TrustScore Test Release CA, O=Test Validators", now.AddYears(-4), now.AddYears(4));
        using X509Certificate2 otherRoot = SelfSignedCa("CN=Unrelated Root CA, O=Someone Else", now.AddYears(-5), now.AddYears(5));
        WritePem(pki.RootPem, root);
        WritePem(pki.IntermediatePem, intermediate);
        WritePem(pki.OtherRootPem, otherRoot);
        pki.IssueLeaf("leaf", intermediate, now.AddDays(-1), now.AddYears(1), X509KeyUsageFlags.DigitalSignature, codeSigning: false);
        pki.IssueLeaf("expired", intermediate, now.AddYears(-2), now.AddYears(-1), X509KeyUsageFlags.DigitalSignature, codeSigning: false);
        pki.IssueLeaf("no-usage", intermediate, now.AddDays(-1), now.AddYears(1), X509KeyUsageFlags.KeyEncipherment, codeSigning: false);
        pki.IssueLeaf("codesign-only", intermediate, now.AddDays(-1), now.AddYears(1), X509KeyUsageFlags.None, codeSigning: true);
        pki.IssueLeaf("other-ca", otherRoot, now.AddDays(-1), now.AddYears(1), X509KeyUsageFlags.DigitalSignature, codeSigning: false);
        return pki;
    }

    private static X509Certificate2 SelfSignedCa(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CaRequest(subject, key);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    private static X509Certificate2 IssueCa(X509Certificate2 issuer, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CaRequest(subject, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using X509Certificate2 issued = request.Create(issuer, notBefore, notAfter, RandomSerial());
        return issued.CopyWithPrivateKey(key);
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private void IssueLeaf(string name, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, X509KeyUsageFlags usage, bool codeSigning)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=release-{name}, O=Test Validators", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        if (usage != X509KeyUsageFlags.None)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        }

        if (codeSigning)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using X509Certificate2 leaf = request.Create(issuer, notBefore, notAfter, RandomSerial());
        (string keyPath, string certificatePath) = Leaf(name);
        WritePem(certificatePath, leaf);
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static void WritePem(string path, X509Certificate2 certificate) =>
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");

    private static byte[] RandomSerial()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F; // positive, as RFC 5280 requires
        return serial;
    }
}
