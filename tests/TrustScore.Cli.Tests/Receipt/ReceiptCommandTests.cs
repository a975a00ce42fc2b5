using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Receipts;
using TrustScore.Signing;
using TrustScore.Tests.Serving;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Receipt;

/// <summary>
/// <c>trustscore receipt verify|show</c> on a receipt issued for a real model and row: a valid
/// receipt passes with the score recomputed, a tampered one fails (exit 5) naming the field, bad
/// input is one sentence with exit 3.
/// </summary>
public sealed class ReceiptCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("cli-receipt");
    private readonly string versionDir;
    private readonly string publicKey;
    private readonly string featuresPath;
    private readonly InferenceReceipt receipt;

    public ReceiptCommandTests()
    {
        KeygenResult operatorKey = KeyGenerator.Generate(temp.Combine("keys"), SigningKeyAlgorithm.Ed25519, "operator");
        versionDir = ServingVersions.WriteSignedVersion(temp.Combine("models"), "v20261129_010000", ServingVersions.RandomWeights(ServingVersions.SmallWidths, 3), operatorKey.PrivateKeyPath);
        KeygenResult receiptKey = KeyGenerator.Generate(temp.Combine("keys"), SigningKeyAlgorithm.Ed25519, "receipts");
        publicKey = receiptKey.PublicKeyPath;
        float[] row = ServingVersions.RandomRows(1, 5);
        featuresPath = temp.Combine("row.jsonl");
        File.WriteAllText(featuresPath, "[" + string.Join(",", row.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]\n");
        float output = Scorer().Score(row);
        using var signer = new ReceiptSigner(KeyFile.ReadSigningKey(receiptKey.PrivateKeyPath), "validator-1");
        var context = new ReceiptContext("virtengine-1", "virt1acc", "req-9", ["selfie"], "n-9", new byte[32], 77, 1_764_806_400);
        receipt = signer.Sign(ScoreClaims.Build(ModelFacts.Read(versionDir), context, row, output, 12));
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Verify_accepts_a_valid_receipt_and_recomputes_the_score()
    {
        string path = Write(ReceiptJson.ToBytes(receipt, indented: true));

        var (code, stdout, err) = CliRunner.Run("receipt", "verify", path, "--public-key", publicKey, "--model", versionDir, "--features", featuresPath);

        Assert.True(code == 0, stdout + err);
        Assert.Contains("PASS  score: recomputed bit for bit", stdout, StringComparison.Ordinal);
        Assert.Contains($"receipt valid: sequence 12, score {receipt.Score}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_names_a_tampered_score_and_exits_5()
    {
        JsonObject obj = JsonNode.Parse(ReceiptJson.ToBytes(receipt, indented: false))!.AsObject();
        obj["score"] = receipt.Score == 100 ? 99 : receipt.Score + 1;
        string path = Write(System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString()));

        var (code, stdout, _) = CliRunner.Run("receipt", "verify", path, "--public-key", publicKey, "--model", versionDir, "--features", featuresPath, "--json");

        Assert.Equal(5, code);
        JsonElement result = JsonDocument.Parse(stdout).RootElement;
        Assert.False(result.GetProperty("valid").GetBoolean());
        var fields = result.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).ToList();
        Assert.Contains("score", fields);
        Assert.Contains("signature", fields);
    }

    [Fact]
    public void Verify_reads_a_whole_service_response()
    {
        var response = new JsonObject { ["predictions"] = new JsonArray(), ["receipt"] = JsonNode.Parse(ReceiptJson.ToBytes(receipt, indented: false)) };
        string path = Write(System.Text.Encoding.UTF8.GetBytes(response.ToJsonString()));

        var (code, stdout, err) = CliRunner.Run("receipt", "verify", path, "--public-key", publicKey);

        Assert.True(code == 0, stdout + err);
    }

    [Fact]
    public void Verify_refuses_a_missing_file_with_exit_3()
    {
        var (code, _, err) = CliRunner.Run("receipt", "verify", temp.Combine("nope.json"), "--public-key", publicKey);
        Assert.Equal(3, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_refuses_an_unknown_field_with_exit_3()
    {
        JsonObject obj = JsonNode.Parse(ReceiptJson.ToBytes(receipt, indented: false))!.AsObject();
        obj["extra"] = 1;
        var (code, _, err) = CliRunner.Run("receipt", "verify", Write(System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString())), "--public-key", publicKey);
        Assert.Equal(3, code);
        Assert.Contains("unknown field 'extra'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_prints_every_field_readably()
    {
        var (code, stdout, err) = CliRunner.Run("receipt", "show", Write(ReceiptJson.ToBytes(receipt, indented: true)));

        Assert.True(code == 0, err);
        Assert.Contains("model_digest             " + Convert.ToHexStringLower(receipt.ModelDigest), stdout, StringComparison.Ordinal);
        Assert.Contains("issued                   height 77, 2025-12-04T00:00:00Z", stdout, StringComparison.Ordinal);
        Assert.Contains("signer                   validator-1, fingerprint " + receipt.SignerFingerprint + ", sequence 12", stdout, StringComparison.Ordinal);
        Assert.Contains("context_digest", stdout, StringComparison.Ordinal);
    }

    private TrustScore.Consensus.Scoring.Scorer Scorer() => TrustScore.Consensus.Scoring.Scorer.LoadFile(Path.Combine(versionDir, "model", "model.onnx"));

    private string Write(byte[] bytes)
    {
        string path = temp.Combine($"receipt-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
