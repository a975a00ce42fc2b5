using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrustScore.Receipts;

namespace TrustScore.Tests.Receipts;

/// <summary>
/// Receipt verification against a real model and input: a service-style receipt verifies, its
/// score is recomputed bit for bit, and tampering with any field of the receipt object is
/// detected — named by field wherever the verifier can recompute it, and by the signature
/// otherwise.
/// </summary>
public sealed class ReceiptVerifierTests : IClassFixture<ReceiptVerifierTests.Shared>
{
    private readonly ReceiptTestModel m;

    public ReceiptVerifierTests(Shared shared) => m = shared.Model;

    public static TheoryData<string, string, string> Tampers => new()
    {
        // field, new JSON value, the field the verifier must name
        { "domain", "\"VEID_INFERENCE_RECEIPT_X\"", "domain" },
        { "version", "2", "version" },
        { "chain_id", "\"virtengine-2\"", "signature" },
        { "account_address", "\"virt1other\"", "signature" },
        { "request_id", "\"req-2\"", "signature" },
        { "scope_ids", "[\"selfie\"]", "signature" },
        { "scope_ids", "[\"selfie\",\"id_document\"]", "scope_ids" },
        { "nonce", "\"nonce-2\"", "signature" },
        { "input_digest", Digest("x"), "input_digest" },
        { "feature_digest", Digest("x"), "feature_digest" },
        { "schema_digest", Digest("x"), "schema_digest" },
        { "evidence_lineage_digest", Digest("x"), "signature" },
        { "pipeline_version", "\"v20261129_020000\"", "pipeline_version" },
        { "model_manifest_digest", Digest("x"), "model_manifest_digest" },
        { "model_digest", Digest("x"), "model_digest" },
        { "runtime_image_digest", Digest("x"), "signature" },
        { "runtime_digest", Digest("x"), "runtime_digest" },
        { "config_digest", Digest("x"), "config_digest" },
        { "determinism_profile", "{\"force_cpu\":true,\"random_seed\":7,\"deterministic_ops\":true,\"inter_op_threads\":1,\"intra_op_threads\":1,\"disable_gpu\":true}", "determinism_profile" },
        { "status", "\"partial\"", "status" },
        { "reason_codes", "[\"LOW_CONFIDENCE\"]", "reason_codes" },
        { "issued_height", "1001", "signature" },
        { "issued_at", "\"2025-12-03T23:59:59Z\"", "signature" },
        { "expires_height", "1001", "signature" },
        { "expires_at", "\"2025-12-04T00:01:59Z\"", "signature" },
        { "signer_key_id", "\"validator-2/receipts\"", "signature" },
        { "signer_fingerprint", "\"" + new string('a', 64) + "\"", "signer_fingerprint" },
        { "signer_sequence", "6", "signature" },
    };

    [Fact]
    public void A_service_style_receipt_verifies_with_model_and_features()
    {
        ReceiptVerificationResult result = Verify(ReceiptJson.ToBytes(m.Receipt, indented: true), withModel: true);

        Assert.True(result.Passed, string.Join("; ", result.Problems));
        Assert.Contains(result.Confirmed, c => c.StartsWith("score: recomputed bit for bit", StringComparison.Ordinal));
        Assert.Equal(ScoreClaims.Score(m.Output), m.Receipt.Score);
        Assert.Equal(ScoreClaims.FeatureDigest(m.Features), m.Receipt.InputDigest);
    }

    [Fact]
    public void The_feature_digest_is_the_sha256_of_the_little_endian_binary32_row()
    {
        byte[] bytes = File.ReadAllBytes(m.WriteFeatures());
        Assert.Equal(3072, bytes.Length);
        Assert.Equal(SHA256.HashData(bytes), m.Receipt.FeatureDigest);
        Assert.Equal(m.Features, ReceiptFeatures.Read(m.WriteFeatures()));
    }

    [Theory]
    [MemberData(nameof(Tampers))]
    public void Each_tampered_field_is_detected_and_named(string field, string value, string named)
    {
        JsonObject obj = JsonNode.Parse(ReceiptJson.ToBytes(m.Receipt, indented: false))!.AsObject();
        obj[field] = JsonNode.Parse(value);

        ReceiptVerificationResult result = Verify(Encoding.UTF8.GetBytes(obj.ToJsonString()), withModel: true);

        Assert.False(result.Passed);
        Assert.Contains(result.Problems, p => p.Field == named);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void A_changed_score_is_named_with_the_recomputed_one(int delta)
    {
        JsonObject obj = JsonNode.Parse(ReceiptJson.ToBytes(m.Receipt, indented: false))!.AsObject();
        uint changed = (uint)Math.Clamp((int)m.Receipt.Score + delta, 0, 100);
        Assert.NotEqual(m.Receipt.Score, changed); // the test model does not score at a bound
        obj["score"] = changed;
        obj["confidence_millionths"] = changed * 10_000;

        ReceiptVerificationResult result = Verify(Encoding.UTF8.GetBytes(obj.ToJsonString()), withModel: true);

        ReceiptProblem score = Assert.Single(result.Problems, p => p.Field == "score");
        Assert.Contains($"scores these features {m.Receipt.Score}", score.Message, StringComparison.Ordinal);
        Assert.Contains(result.Problems, p => p.Field == "confidence_millionths");
        Assert.Contains(result.Problems, p => p.Field == "signature");
    }

    [Fact]
    public void A_flipped_signature_bit_fails_the_signature()
    {
        byte[] signature = (byte[])m.Receipt.Signature.Clone();
        signature[10] ^= 1;
        ReceiptVerificationResult result = Verify(ReceiptJson.ToBytes(m.Receipt with { Signature = signature }, indented: false), withModel: false);
        Assert.Equal("signature", Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void Another_key_is_refused_by_fingerprint()
    {
        var other = TrustScore.Signing.KeyGenerator.Generate(m.Temp.Combine("other"), TrustScore.Signing.SigningKeyAlgorithm.Ed25519, "other");
        ParsedReceipt parsed = ReceiptJson.Parse(Encoding.UTF8.GetString(ReceiptJson.ToBytes(m.Receipt, indented: false)), "test");
        ReceiptVerificationResult result = ReceiptVerifier.Verify(parsed, TrustScore.Signing.KeyFile.ReadVerificationKey(other.PublicKeyPath), null, null);
        Assert.Contains(result.Problems, p => p.Field == "signer_fingerprint");
    }

    [Fact]
    public void Non_canonical_base64_is_a_named_form_problem()
    {
        JsonObject obj = JsonNode.Parse(ReceiptJson.ToBytes(m.Receipt, indented: false))!.AsObject();
        obj["model_digest"] = Convert.ToBase64String(m.Receipt.ModelDigest).Insert(4, "\n"); // decodes to the same bytes
        string text = obj.ToJsonString();

        ParsedReceipt parsed = ReceiptJson.Parse(text, "test");

        Assert.Contains(parsed.FormProblems, p => p.Field == "model_digest");
    }

    [Fact]
    public void Without_model_and_features_only_the_signature_and_rules_are_checked()
    {
        ReceiptVerificationResult result = Verify(ReceiptJson.ToBytes(m.Receipt, indented: false), withModel: false);
        Assert.True(result.Passed);
        Assert.Contains(result.Notes, n => n.Contains("no --model", StringComparison.Ordinal));
    }

    private static string Digest(string label) => "\"" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(label))) + "\"";

    private ReceiptVerificationResult Verify(byte[] json, bool withModel)
    {
        ParsedReceipt parsed = ReceiptJson.Parse(Encoding.UTF8.GetString(json), "test receipt");
        return ReceiptVerifier.Verify(parsed, m.PublicKey, withModel ? m.Model : null, withModel ? m.Features : null);
    }

    public sealed class Shared : IDisposable
    {
        public ReceiptTestModel Model { get; } = new();

        public void Dispose() => Model.Dispose();
    }
}
