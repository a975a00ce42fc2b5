using System.Text;
using TrustScore.Receipts;

namespace TrustScore.Tests.Receipts;

/// <summary>
/// The node's receipt rules and its Go JSON escaping. Expected escapes are Go's documented
/// <c>encoding/json</c> behaviour (HTML-safe escaping of &lt;, &gt;, &amp;), written by hand.
/// </summary>
public sealed class ReceiptRulesTests
{
    private static InferenceReceipt Valid => ReceiptParityFixture.Receipt(ReceiptParityFixture.Case("success")) with { Signature = new byte[64] };

    [Fact]
    public void The_fixture_receipt_breaks_no_rule() => Assert.Empty(ReceiptRules.Check(Valid, requireSignature: true));

    [Fact]
    public void Go_html_safe_escaping_is_reproduced()
    {
        InferenceReceipt r = Valid with { Nonce = "a<b>&\"c\\d" };
        string text = Encoding.ASCII.GetString(ReceiptCanonical.SignBytes(r));
        Assert.Contains("\"nonce\":\"a\\u003cb\\u003e\\u0026\\\"c\\\\d\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_strings_have_no_sign_bytes_and_break_a_rule()
    {
        InferenceReceipt r = Valid with { AccountAddress = "virt1é" };
        Assert.Throws<ArgumentException>(() => ReceiptCanonical.SignBytes(r));
        Assert.Contains(ReceiptRules.Check(r, false), p => p.Field == "account_address");
    }

    [Theory]
    [InlineData("success", 50u, new[] { "LOW_CONFIDENCE" }, "reason_codes")]
    [InlineData("failed", 10u, new[] { "ML_INFERENCE_ERROR" }, "score")]
    [InlineData("partial", 10u, new[] { "SUCCESS" }, "reason_codes")]
    [InlineData("bogus", 10u, new[] { "SUCCESS" }, "status")]
    [InlineData("success", 101u, new[] { "SUCCESS" }, "score")]
    [InlineData("partial", 10u, new[] { "NOT_A_CODE" }, "reason_codes")]
    public void Outcome_rules_name_the_field(string status, uint score, string[] reasons, string field)
    {
        InferenceReceipt r = Valid with { Status = status, Score = score, ReasonCodes = reasons };
        Assert.Contains(ReceiptRules.Check(r, true), p => p.Field == field);
    }

    [Fact]
    public void Lifetimes_are_bounded()
    {
        Assert.Contains(ReceiptRules.Check(Valid with { ExpiresHeight = Valid.IssuedHeight + 3 }, true), p => p.Field == "expires_height");
        Assert.Contains(ReceiptRules.Check(Valid with { ExpiresAtUnix = Valid.IssuedAtUnix + 601 }, true), p => p.Field == "expires_at_unix");
        Assert.Contains(ReceiptRules.Check(Valid with { SignerSequence = 0 }, true), p => p.Field == "signer_sequence");
        Assert.Contains(ReceiptRules.Check(Valid with { ScopeIds = [] }, true), p => p.Field == "scope_ids");
    }

    [Fact]
    public void The_signer_refuses_an_invalid_receipt()
    {
        using var dir = new TrustScore.TestSupport.TempDirectory();
        using var signer = new ReceiptSigner(ReceiptParityFixture.Key(dir), "k");
        Assert.Throws<ArgumentException>(() => signer.Sign(Valid with { Score = 101 }));
    }

    [Theory]
    [InlineData(49.999996185302734, 49u)]
    [InlineData(double.NaN, 0u)]
    [InlineData(double.PositiveInfinity, 100u)]
    [InlineData(double.NegativeInfinity, 0u)]
    [InlineData(-0.0, 0u)]
    [InlineData(100.0, 100u)]
    [InlineData(0.99999994, 0u)]
    public void Scores_follow_the_node_truncation_rule(double raw, uint expected)
    {
        // The first four are the fixture's raw_output_float32 / quantized_score pairs.
        Assert.Equal(expected, ScoreClaims.Score((float)raw));
    }

    // Expected values: the node's sidecar confidence computed step by step in binary32 with
    // Python's struct module, then × 10⁶ rounded half up with decimal arithmetic (test-only check).
    [Theory]
    [InlineData(0f, 900_000u)]
    [InlineData(73.48112f, 687_849u)]
    [InlineData(100f, 900_000u)]
    [InlineData(50f, 500_000u)]
    [InlineData(-3f, 924_000u)]
    [InlineData(float.NaN, 0u)]
    public void Confidence_is_the_sidecar_confidence_in_millionths(float output, uint expected) =>
        Assert.Equal(expected, ScoreClaims.ConfidenceMillionths(output));
}
