using System.Text.Json;
using TrustScore.Receipts;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Receipts;

/// <summary>Every case of the node's receipt parity fixture, reproduced byte for byte.</summary>
public sealed class ReceiptParityTests
{
    public static TheoryData<string> Cases => ReceiptParityFixture.CaseNames();

    [Fact]
    public void The_fixture_has_the_seven_published_cases()
    {
        Assert.Equal(7, ReceiptParityFixture.Cases.Count());
    }

    [Fact]
    public void The_signer_fingerprint_is_the_sha256_of_the_raw_public_key()
    {
        using var dir = new TempDirectory();
        using var signer = new ReceiptSigner(ReceiptParityFixture.Key(dir), "did:virtengine:receipt-parity:v1");
        Assert.Equal(ReceiptParityFixture.Signing.GetProperty("fingerprint_hex").GetString(), signer.Fingerprint);
        Assert.Equal(ReceiptParityFixture.Signing.GetProperty("public_key_base64").GetString(), Convert.ToBase64String(ReceiptKeys.RawPublicKey(signer.PublicKey)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Canonical_lists_match(string name)
    {
        JsonElement c = ReceiptParityFixture.Case(name);
        InferenceReceipt r = ReceiptParityFixture.Receipt(c);
        Assert.Equal(Strings(c, "canonical_scope_ids"), r.ScopeIds);
        Assert.Equal(Strings(c, "canonical_reason_codes"), r.ReasonCodes);
        Assert.Equal(Expected(c, "config_digest_hex"), Convert.ToHexStringLower(r.ConfigDigest));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_bytes_digest_and_context_digest_match_byte_for_byte(string name)
    {
        JsonElement c = ReceiptParityFixture.Case(name);
        InferenceReceipt r = ReceiptParityFixture.Receipt(c);
        Assert.Equal(Expected(c, "sign_bytes_base64"), Convert.ToBase64String(ReceiptCanonical.SignBytes(r)));
        Assert.Equal(Expected(c, "digest_hex"), Convert.ToHexStringLower(ReceiptCanonical.Digest(r)));
        Assert.Equal(Expected(c, "context_digest_hex"), Convert.ToHexStringLower(ReceiptCanonical.ContextDigest(r)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signing_reproduces_the_signature_and_it_verifies(string name)
    {
        using var dir = new TempDirectory();
        JsonElement c = ReceiptParityFixture.Case(name);
        using var signer = new ReceiptSigner(ReceiptParityFixture.Key(dir), c.GetProperty("source").GetProperty("signer_key_id").GetString()!);
        InferenceReceipt signed = signer.Sign(ReceiptParityFixture.Receipt(c));
        Assert.Equal(Expected(c, "signature_base64"), Convert.ToBase64String(signed.Signature));
        Assert.Empty(ReceiptSignatureCheck.Check(signed, signer.PublicKey));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_receipt_object_round_trips_without_problems(string name)
    {
        using var dir = new TempDirectory();
        JsonElement c = ReceiptParityFixture.Case(name);
        using var signer = new ReceiptSigner(ReceiptParityFixture.Key(dir), "did:virtengine:receipt-parity:v1");
        InferenceReceipt signed = signer.Sign(ReceiptParityFixture.Receipt(c));
        byte[] json = ReceiptJson.ToBytes(signed, indented: true);
        ParsedReceipt back = ReceiptJson.Parse(System.Text.Encoding.UTF8.GetString(json), "test receipt");
        Assert.Empty(back.FormProblems);
        Assert.Equal(ReceiptCanonical.SignBytes(signed), ReceiptCanonical.SignBytes(back.Receipt));
        Assert.Equal(signed.Signature, back.Receipt.Signature);
        Assert.Contains("\"issued_at\": \"2023-11-14T22:13:20Z\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    private static string Expected(JsonElement c, string field) => c.GetProperty("expected").GetProperty(field).GetString()!;

    private static string[] Strings(JsonElement c, string field) =>
        c.GetProperty("expected").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
