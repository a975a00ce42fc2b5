using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Signing;

/// <summary>
/// Bundles written by <c>keygen</c> (default key) + <c>sign</c>, and by certificate-mode
/// <c>sign</c>, checked against OpenSSF model_signing's verification rules
/// (<see cref="ModelSigningRules"/>), one rule per test.
/// </summary>
public sealed class ModelSigningCompatibilityTests : IDisposable
{
    private readonly TempDirectory temp = new("model-signing-rules");

    public void Dispose() => temp.Dispose();

    private (ModelSigningRules Rules, string VersionDir, byte[] Spki) DefaultSigned()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));
        KeygenResult key = KeyGenerator.Generate(temp.Combine("keys"));
        ModelSigner.Sign(dir, key.PrivateKeyPath);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(File.ReadAllText(key.PublicKeyPath));
        return (new ModelSigningRules(VersionLayout.SignaturePath(dir)), dir, publicKey.ExportSubjectPublicKeyInfo());
    }

    private (ModelSigningRules Rules, string VersionDir, TestPki Pki) CertificateSigned(string leaf = "leaf")
    {
        TestPki pki = TestPki.Create(temp.Combine("pki"));
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"));
        (string key, string certificate) = pki.Leaf(leaf);
        ModelSigner.SignWithCertificate(dir, key, certificate, [pki.IntermediatePem]);
        return (new ModelSigningRules(VersionLayout.SignaturePath(dir)), dir, pki);
    }

    [Fact]
    public void KeyMode_Read_BundleHasVerificationMaterialWithTlogEntries()
    {
        var (rules, _, _) = DefaultSigned();

        Assert.NotNull(rules.VerificationMaterial);
        Assert.IsType<JsonArray>(rules.VerificationMaterial!["tlogEntries"]);
    }

    [Fact]
    public void KeyMode_MediaType_IsBundleV03()
    {
        var (rules, _, _) = DefaultSigned();

        Assert.Equal(ModelSigningRules.BundleMediaType, (string?)rules.Bundle["mediaType"]);
    }

    [Fact]
    public void KeyMode_DefaultKey_IsASupportedEllipticCurveKey()
    {
        var (_, _, spki) = DefaultSigned();

        Assert.True(ModelSigningRules.IsSupportedEcKey(spki));
    }

    [Fact]
    public void KeyMode_Ed25519Key_IsRejectedByTheCurveRule()
    {
        KeygenResult ed = KeyGenerator.Generate(temp.Combine("ed"), SigningKeyAlgorithm.Ed25519);

        Assert.False(ModelSigningRules.IsSupportedEcKey(KeyFile.ReadVerificationKey(ed.PublicKeyPath).Spki));
    }

    [Fact]
    public void KeyMode_Hint_IsSha256OfThePublicKeyPem()
    {
        var (rules, _, spki) = DefaultSigned();

        Assert.Equal(ModelSigningRules.KeyHint(spki), (string?)rules.VerificationMaterial!["publicKey"]!["hint"]);
    }

    [Fact]
    public void KeyMode_FirstSignature_VerifiesAsDerEcdsaSha256OverPae()
    {
        var (rules, _, spki) = DefaultSigned();

        Assert.True(rules.SignatureVerifies(spki));
    }

    [Fact]
    public void KeyMode_PayloadType_IsInTotoJson()
    {
        var (rules, _, _) = DefaultSigned();

        Assert.Equal(ModelSigningRules.InTotoPayloadType, (string?)rules.Bundle["dsseEnvelope"]!["payloadType"]);
    }

    [Fact]
    public void KeyMode_StatementType_IsInTotoStatementV1()
    {
        var (rules, _, _) = DefaultSigned();

        Assert.Equal(ModelSigningRules.StatementType, (string?)rules.Statement["_type"]);
    }

    [Fact]
    public void KeyMode_PredicateType_IsModelSigningV1()
    {
        var (rules, _, _) = DefaultSigned();

        Assert.Equal(ModelSigningRules.PredicateType, (string?)rules.Statement["predicateType"]);
    }

    [Fact]
    public void KeyMode_Subject_IsExactlyOneWithNameAndSha256()
    {
        var (rules, _, _) = DefaultSigned();

        JsonNode? subject = Assert.Single(rules.Statement["subject"]!.AsArray());
        Assert.False(string.IsNullOrEmpty((string?)subject!["name"]));
        Assert.Matches("^[0-9a-f]{64}$", (string?)subject["digest"]!["sha256"]);
    }

    [Fact]
    public void KeyMode_Serialization_IsFilesSha256WithTheKeysFromArgsReads()
    {
        var (rules, _, _) = DefaultSigned();

        JsonObject serialization = rules.Statement["predicate"]!["serialization"]!.AsObject();
        Assert.Equal("files", (string?)serialization["method"]);
        Assert.Equal("sha256", (string?)serialization["hash_type"]);
        Assert.Equal("false", serialization["allow_symlinks"]!.ToJsonString());
    }

    [Fact]
    public void KeyMode_Resources_HashToTheSubjectDigest()
    {
        var (rules, _, _) = DefaultSigned();

        Assert.True(rules.ResourcesHashToSubject());
    }

    [Fact]
    public void KeyMode_Resources_EqualTheModelDirectoryHashedAgain()
    {
        var (rules, dir, _) = DefaultSigned();

        Assert.True(rules.ResourcesMatchDirectory(VersionLayout.ModelPath(dir)));
        File.AppendAllText(Path.Combine(VersionLayout.ModelPath(dir), "model.onnx"), "x");
        Assert.False(rules.ResourcesMatchDirectory(VersionLayout.ModelPath(dir)));
    }

    [Fact]
    public void CertificateMode_Material_IsTheX509ChainLeafFirstWithoutKeyHint()
    {
        var (rules, _, pki) = CertificateSigned();

        JsonArray certificates = rules.VerificationMaterial!["x509CertificateChain"]!["certificates"]!.AsArray();
        Assert.Equal(2, certificates.Count);
        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)certificates[0]!["rawBytes"]!));
        using X509Certificate2 expectedLeaf = X509Certificate2.CreateFromPem(File.ReadAllText(pki.Leaf("leaf").Certificate));
        using X509Certificate2 expectedIntermediate = X509Certificate2.CreateFromPem(File.ReadAllText(pki.IntermediatePem));
        Assert.Equal(expectedLeaf.RawData, leaf.RawData);
        Assert.Equal(expectedIntermediate.RawData, Convert.FromBase64String((string)certificates[1]!["rawBytes"]!));
        Assert.Null(rules.VerificationMaterial["publicKey"]);
        Assert.IsType<JsonArray>(rules.VerificationMaterial["tlogEntries"]);
    }

    [Fact]
    public void CertificateMode_Chain_VerifiesAgainstTheRootStore()
    {
        var (rules, _, pki) = CertificateSigned();
        using X509Certificate2 root = X509Certificate2.CreateFromPem(File.ReadAllText(pki.RootPem));

        Assert.True(rules.CertificateChainVerifies([root], out X509Certificate2 leaf));
        leaf.Dispose();
    }

    [Fact]
    public void CertificateMode_Chain_DoesNotVerifyAgainstAnotherRoot()
    {
        var (rules, _, pki) = CertificateSigned();
        using X509Certificate2 other = X509Certificate2.CreateFromPem(File.ReadAllText(pki.OtherRootPem));

        Assert.False(rules.CertificateChainVerifies([other], out X509Certificate2 leaf));
        leaf.Dispose();
    }

    [Fact]
    public void CertificateMode_Leaf_MaySign()
    {
        var (rules, _, pki) = CertificateSigned();
        using X509Certificate2 root = X509Certificate2.CreateFromPem(File.ReadAllText(pki.RootPem));
        rules.CertificateChainVerifies([root], out X509Certificate2 leaf);

        Assert.True(ModelSigningRules.CanSign(leaf));
        leaf.Dispose();
    }

    [Fact]
    public void CertificateMode_FirstSignature_VerifiesWithTheLeafKey()
    {
        var (rules, _, pki) = CertificateSigned();
        using X509Certificate2 root = X509Certificate2.CreateFromPem(File.ReadAllText(pki.RootPem));
        rules.CertificateChainVerifies([root], out X509Certificate2 leaf);

        Assert.True(ModelSigningRules.IsSupportedEcKey(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
        Assert.True(rules.SignatureVerifies(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
        leaf.Dispose();
    }

    [Fact]
    public void CertificateMode_Statement_FollowsTheSamePayloadRules()
    {
        var (rules, dir, _) = CertificateSigned();

        Assert.Equal(ModelSigningRules.BundleMediaType, (string?)rules.Bundle["mediaType"]);
        Assert.Equal(ModelSigningRules.InTotoPayloadType, (string?)rules.Bundle["dsseEnvelope"]!["payloadType"]);
        Assert.Equal(ModelSigningRules.StatementType, (string?)rules.Statement["_type"]);
        Assert.Equal(ModelSigningRules.PredicateType, (string?)rules.Statement["predicateType"]);
        Assert.True(rules.ResourcesHashToSubject());
        Assert.True(rules.ResourcesMatchDirectory(VersionLayout.ModelPath(dir)));
    }
}
