using System.Security.Cryptography.X509Certificates;
using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.TestSupport;
using TrustScore.Verification;

namespace TrustScore.Tests.Signing;

/// <summary>Certificate-mode signing and offline chain verification against a test PKI.</summary>
public sealed class CertificateModeTests : IDisposable
{
    private readonly TempDirectory temp = new("certificate-mode");
    private readonly TestPki pki;

    public CertificateModeTests() => pki = TestPki.Create(temp.Combine("pki"));

    public void Dispose() => temp.Dispose();

    private string SignedWith(string leaf, params string[] chain)
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions-" + leaf));
        (string key, string certificate) = pki.Leaf(leaf);
        ModelSigner.SignWithCertificate(dir, key, certificate, chain);
        return dir;
    }

    private VerificationReport Verify(string dir, params string[] roots) =>
        VersionVerifier.Verify(dir, new VerifyOptions { CertificateChainPaths = roots });

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.Single(c => c.Name == name);

    [Fact]
    public void LeafUnderIntermediate_VerifiesAgainstTheRoot()
    {
        string dir = SignedWith("leaf", pki.IntermediatePem);

        VerificationReport report = Verify(dir, pki.RootPem);

        Assert.True(report.Passed, string.Join("\n", report.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        Assert.Contains("TrustScore Test Root CA", Check(report, VersionVerifier.SignatureCheck).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LeafWithOnlyCodeSigningUsage_Verifies()
    {
        string dir = SignedWith("codesign-only", pki.IntermediatePem);

        Assert.True(Verify(dir, pki.RootPem).Passed);
    }

    [Fact]
    public void ExpiredLeaf_FailsTheSignatureCheck()
    {
        string dir = SignedWith("expired", pki.IntermediatePem);

        VerificationReport report = Verify(dir, pki.RootPem);

        VerificationCheck signature = Check(report, VersionVerifier.SignatureCheck);
        Assert.False(signature.Passed);
        Assert.Contains("outside its validity period", signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LeafFromAnotherCa_FailsTheSignatureCheck()
    {
        string dir = SignedWith("other-ca");

        VerificationReport report = Verify(dir, pki.RootPem);

        VerificationCheck signature = Check(report, VersionVerifier.SignatureCheck);
        Assert.False(signature.Passed);
        Assert.Contains("not issued under any of the trusted roots", signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidLeaf_AgainstAnUnrelatedRoot_Fails()
    {
        string dir = SignedWith("leaf", pki.IntermediatePem);

        Assert.False(Check(Verify(dir, pki.OtherRootPem), VersionVerifier.SignatureCheck).Passed);
    }

    [Fact]
    public void BundleWithoutTheIntermediate_Fails()
    {
        string dir = SignedWith("leaf");

        Assert.False(Check(Verify(dir, pki.RootPem), VersionVerifier.SignatureCheck).Passed);
    }

    [Fact]
    public void IntermediatePassedAsTrusted_IsNotATrustAnchorOnItsOwn()
    {
        string dir = SignedWith("leaf", pki.IntermediatePem);

        Assert.False(Check(Verify(dir, pki.IntermediatePem), VersionVerifier.SignatureCheck).Passed);
        Assert.False(Check(Verify(dir, pki.IntermediatePem, pki.OtherRootPem), VersionVerifier.SignatureCheck).Passed);
    }

    [Fact]
    public void LeafWithoutSigningUsage_Fails()
    {
        string dir = SignedWith("no-usage", pki.IntermediatePem);

        VerificationCheck signature = Check(Verify(dir, pki.RootPem), VersionVerifier.SignatureCheck);

        Assert.False(signature.Passed);
        Assert.Contains("may not sign", signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestEditedAfterSigning_FailsSignedContent()
    {
        string dir = SignedWith("leaf", pki.IntermediatePem);
        File.AppendAllText(VersionLayout.ManifestPath(dir), " ");

        VerificationReport report = Verify(dir, pki.RootPem);

        Assert.True(Check(report, VersionVerifier.SignatureCheck).Passed);
        Assert.False(Check(report, VersionVerifier.SignedContentCheck).Passed);
    }

    [Fact]
    public void PayloadSwappedUnderTheSameChain_FailsTheSignatureCheck()
    {
        string dir = SignedWith("leaf", pki.IntermediatePem);
        string other = ModelFixtures.WriteVersionDirectory(temp.Combine("other-versions"));
        ModelSigner.SignWithCertificate(other, pki.Leaf("expired").Key, pki.Leaf("expired").Certificate, [pki.IntermediatePem]);
        // Keep this bundle's certificate chain, take the other bundle's (validly signed) signature.
        SigstoreBundle mine = SigstoreBundle.Parse(File.ReadAllBytes(VersionLayout.SignaturePath(dir)));
        SigstoreBundle theirs = SigstoreBundle.Parse(File.ReadAllBytes(VersionLayout.SignaturePath(other)));
        File.WriteAllBytes(VersionLayout.SignaturePath(dir), (mine with { Envelope = theirs.Envelope }).ToJson());

        VerificationCheck signature = Check(Verify(dir, pki.RootPem), VersionVerifier.SignatureCheck);

        Assert.False(signature.Passed);
        Assert.Contains("does not verify with the key of its signing certificate", signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyModeBundle_WithTrustedCertificates_Fails()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("key-mode"));
        ModelSigner.Sign(dir, KeyGenerator.Generate(temp.Combine("keys")).PrivateKeyPath);

        VerificationCheck signature = Check(Verify(dir, pki.RootPem), VersionVerifier.SignatureCheck);

        Assert.False(signature.Passed);
        Assert.Contains("no certificate chain", signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateBundle_StillVerifiesWithTheLeafPublicKeyInKeyMode()
    {
        string dir = SignedWith("leaf", pki.IntermediatePem);
        using X509Certificate2 leaf = X509Certificate2.CreateFromPem(File.ReadAllText(pki.Leaf("leaf").Certificate));
        string pub = temp.Combine("leaf.pub");
        File.WriteAllText(pub, KeyFile.ToPem("PUBLIC KEY", leaf.PublicKey.ExportSubjectPublicKeyInfo()));

        Assert.True(VersionVerifier.Verify(dir, new VerifyOptions { PublicKeyPath = pub }).Passed);
    }

    [Fact]
    public void CertificateForAnotherKey_IsRefusedAtSigning()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("mismatch"));

        var ex = Assert.Throws<BadInputException>(() => ModelSigner.SignWithCertificate(dir, pki.Leaf("leaf").Key, pki.Leaf("expired").Certificate, []));

        Assert.Contains("public keys differ", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(VersionLayout.SignaturePath(dir)));
    }

    [Fact]
    public void Ed25519Key_IsRefusedInCertificateMode()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("ed"));
        KeygenResult ed = KeyGenerator.Generate(temp.Combine("ed-keys"), SigningKeyAlgorithm.Ed25519);

        var ex = Assert.Throws<BadInputException>(() => ModelSigner.SignWithCertificate(dir, ed.PrivateKeyPath, pki.Leaf("leaf").Certificate, []));

        Assert.Contains("ecdsa-p256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedCertificateInsideTheVersionDirectory_IsRefused()
    {
        string dir = SignedWith("leaf", pki.IntermediatePem);
        string inside = Path.Combine(dir, "root.pem");
        File.Copy(pki.RootPem, inside);

        Assert.Throws<BadInputException>(() => Verify(dir, inside));
    }
}
