using System.Text;
using System.Text.Json;
using TrustScore.Receipts;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Receipts;

/// <summary>
/// The VirtEngine node's receipt parity test vector, <c>receipt_parity_v1.json</c>: transcribed
/// from the public repository virtengine/virtengine at commit
/// de09e466e55480a8b0138be2df45aa022d3bd7fc, file
/// <c>pkg/inference/conformance/testdata/receipt_parity_v1.json</c> (its seven cases, source and
/// expected values unchanged). Expected values there were produced by the node's own generator,
/// independently of this project. Digest fields come from <c>digest_sources</c> labels:
/// digest = SHA-256(UTF-8 label).
/// </summary>
internal static class ReceiptParityFixture
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
    {
        using Stream stream = typeof(ReceiptParityFixture).Assembly.GetManifestResourceStream("receipt_parity_v1.json")!;
        return JsonDocument.Parse(stream);
    });

    public static JsonElement Root => Document.Value.RootElement;

    public static JsonElement Signing => Root.GetProperty("signing");

    public static IEnumerable<JsonElement> Cases => Root.GetProperty("cases").EnumerateArray();

    public static JsonElement Case(string name) => Cases.Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Cases)
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    /// <summary>The fixture's Ed25519 key (PKCS#8 around its seed), written owner-only and read back like any key file.</summary>
    public static SigningKey Key(TempDirectory dir)
    {
        byte[] seed = Convert.FromHexString(Signing.GetProperty("seed_hex").GetString()!);
        byte[] pkcs8 = [.. Convert.FromHexString("302e020100300506032b657004220420"), .. seed];
        string path = dir.Combine("receipt-fixture.key");
        KeyFile.WritePrivate(path, pkcs8);
        return KeyFile.ReadSigningKey(path);
    }

    /// <summary>The unsigned receipt a case describes, with its lists put in canonical form.</summary>
    public static InferenceReceipt Receipt(JsonElement testCase)
    {
        JsonElement s = testCase.GetProperty("source");
        JsonElement d = s.GetProperty("digest_sources");
        byte[] Label(string field) => System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(d.GetProperty(field).GetString()!));
        string[] List(string field) => s.GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();
        return new InferenceReceipt
        {
            ChainId = s.GetProperty("chain_id").GetString()!,
            AccountAddress = s.GetProperty("account_address").GetString()!,
            RequestId = s.GetProperty("request_id").GetString()!,
            ScopeIds = ReceiptCanonical.Strings(List("scope_ids")),
            Nonce = s.GetProperty("nonce").GetString()!,
            InputDigest = Label("input_digest"),
            FeatureDigest = Label("feature_digest"),
            SchemaDigest = Label("schema_digest"),
            EvidenceLineageDigest = Label("evidence_lineage_digest"),
            PipelineVersion = s.GetProperty("pipeline_version").GetString()!,
            ModelManifestDigest = Label("model_manifest_digest"),
            ModelDigest = Label("model_digest"),
            RuntimeImageDigest = Label("runtime_image_digest"),
            RuntimeDigest = Label("runtime_digest"),
            ConfigDigest = ReceiptCanonical.ConfigDigest,
            DeterminismProfile = DeterminismProfile.Canonical,
            Score = s.GetProperty("score").GetUInt32(),
            Status = s.GetProperty("status").GetString()!,
            ConfidenceMillionths = s.GetProperty("confidence_millionths").GetUInt32(),
            ReasonCodes = ReceiptCanonical.Strings(List("reason_codes")),
            IssuedHeight = s.GetProperty("issued_height").GetInt64(),
            IssuedAtUnix = s.GetProperty("issued_at_unix").GetInt64(),
            ExpiresHeight = s.GetProperty("expires_height").GetInt64(),
            ExpiresAtUnix = s.GetProperty("expires_at_unix").GetInt64(),
            SignerKeyId = s.GetProperty("signer_key_id").GetString()!,
            SignerFingerprint = Signing.GetProperty("fingerprint_hex").GetString()!,
            SignerSequence = s.GetProperty("signer_sequence").GetUInt64(),
        };
    }
}
