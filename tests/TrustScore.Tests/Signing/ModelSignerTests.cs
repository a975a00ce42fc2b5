using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Signing;

public sealed class ModelSignerTests : IDisposable
{
    private readonly TempDirectory temp = new("signer");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(SigningKeyAlgorithm.Ed25519)]
    [InlineData(SigningKeyAlgorithm.EcdsaP256)]
    public void Sign_WritesBundleWhoseEnvelopeVerifiesWithThePublicKey(SigningKeyAlgorithm algorithm)
    {
        SignedVersion signed = SignedVersion.Create(temp, algorithm: algorithm);

        SigstoreBundle bundle = SigstoreBundle.Parse(File.ReadAllBytes(VersionLayout.SignaturePath(signed.VersionDir)));
        VerificationKey key = KeyFile.ReadVerificationKey(signed.Key.PublicKeyPath);

        Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.MediaType);
        Assert.Equal("application/vnd.in-toto+json", bundle.Envelope.PayloadType);
        Assert.Equal(key.Hint, bundle.KeyHint);
        DsseSignature signature = Assert.Single(bundle.Envelope.Signatures);
        Assert.True(key.Verify(Dsse.Pae(bundle.Envelope.PayloadType, bundle.Envelope.Payload), signature.Sig));
    }

    [Fact]
    public void ModelSig_OnDisk_VerifiesWithBouncyCastleOverIndependentlyBuiltPae()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        JsonObject bundle = JsonNode.Parse(File.ReadAllText(VersionLayout.SignaturePath(signed.VersionDir)))!.AsObject();
        byte[] payload = Convert.FromBase64String((string)bundle["dsseEnvelope"]!["payload"]!);
        byte[] sig = Convert.FromBase64String((string)bundle["dsseEnvelope"]!["signatures"]![0]!["sig"]!);
        byte[] pae = [.. System.Text.Encoding.ASCII.GetBytes($"DSSEv1 28 application/vnd.in-toto+json {payload.Length} "), .. payload];
        byte[] spki = KeyFile.ReadVerificationKey(signed.Key.PublicKeyPath).Spki;

        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(spki.AsSpan(spki.Length - 32)));
        verifier.BlockUpdate(pae, 0, pae.Length);

        Assert.True(verifier.VerifySignature(sig));
    }

    [Fact]
    public void Sign_StatementCoversModelManifestAndExportMetadata()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        SigstoreBundle bundle = SigstoreBundle.Parse(File.ReadAllBytes(VersionLayout.SignaturePath(signed.VersionDir)));

        ModelStatement statement = ModelStatement.Parse(bundle.Envelope.Payload);

        string manifestRoot = JsonNode.Parse(File.ReadAllText(VersionLayout.ManifestPath(signed.VersionDir)))!["digest"]!["root"]!.GetValue<string>();
        Assert.Equal(manifestRoot, "sha256:" + statement.RootHex);
        Assert.Equal("model", statement.SubjectName);
        Assert.Equal(["conformance.json", "feature_schema.json", "model.onnx"], statement.Resources.Select(r => r.Name));
        Assert.Equal(
            [
                new SignedResource("manifest.json", "sha256", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(VersionLayout.ManifestPath(signed.VersionDir))))),
                new SignedResource("export_metadata.json", "sha256", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(VersionLayout.ExportMetadataPath(signed.VersionDir))))),
            ],
            statement.Artifacts);
    }

    [Fact]
    public void Sign_Ed25519_IsDeterministic()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        byte[] first = File.ReadAllBytes(VersionLayout.SignaturePath(signed.VersionDir));

        ModelSigner.Sign(signed.VersionDir, signed.Key.PrivateKeyPath);

        Assert.Equal(first, File.ReadAllBytes(VersionLayout.SignaturePath(signed.VersionDir)));
    }

    [Fact]
    public void Sign_ManifestThatDoesNotDescribeTheModel_IsRefused()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        KeygenResult key = KeyGenerator.Generate(temp.Combine("keys"));
        File.AppendAllText(Path.Combine(dir, "model", "conformance.json"), " ");

        var ex = Assert.Throws<VerificationFailedException>(() => ModelSigner.Sign(dir, key.PrivateKeyPath));

        Assert.Contains("does not describe", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(VersionLayout.SignaturePath(dir)));
    }

    [Fact]
    public void Sign_MissingManifest_IsBadInput()
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Path);
        File.Delete(VersionLayout.ManifestPath(dir));
        KeygenResult key = KeyGenerator.Generate(temp.Combine("keys"));

        var ex = Assert.Throws<BadInputException>(() => ModelSigner.Sign(dir, key.PrivateKeyPath));

        Assert.Contains("manifest.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureVerifier_KeyInsideTheArtifact_IsRefused()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        string planted = Path.Combine(signed.VersionDir, "model", "planted.pub");
        File.Copy(signed.Key.PublicKeyPath, planted);

        var ex = Assert.Throws<BadInputException>(() => SignatureVerifier.Verify(signed.VersionDir, planted, null));

        Assert.Contains("inside the version directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureVerifier_TrustedKeysDirectory_FindsTheSigner()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        string trusted = temp.Combine("trusted");
        KeyGenerator.Generate(trusted, SigningKeyAlgorithm.EcdsaP256, "aaa-other");
        File.Copy(signed.Key.PublicKeyPath, Path.Combine(trusted, "zzz-release.pub"));

        SignatureReport report = SignatureVerifier.Verify(signed.VersionDir, null, trusted);

        Assert.True(report.Passed, report.SignatureDetail + " / " + report.ContentDetail);
        Assert.EndsWith("zzz-release.pub", report.KeySource, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureVerifier_NoKeySource_IsBadInput()
    {
        SignedVersion signed = SignedVersion.Create(temp);

        Assert.Throws<BadInputException>(() => SignatureVerifier.Verify(signed.VersionDir, null, null));
    }

    [Fact]
    public void SignatureVerifier_AlteredKeyHint_FailsLikeOpenSsf()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        string sigPath = VersionLayout.SignaturePath(signed.VersionDir);
        JsonObject bundle = JsonNode.Parse(File.ReadAllText(sigPath))!.AsObject();
        bundle["verificationMaterial"]!["publicKey"]!["hint"] = new string('0', 64);
        File.WriteAllText(sigPath, bundle.ToJsonString());

        SignatureReport report = SignatureVerifier.Verify(signed.VersionDir, signed.Key.PublicKeyPath, null);

        Assert.False(report.SignatureValid);
        Assert.Contains("names key", report.SignatureDetail, StringComparison.Ordinal);
    }
}
