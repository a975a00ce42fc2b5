using System.Globalization;
using System.Text.Json;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Scoring;

/// <summary>
/// <c>trustscore score</c>: verify-then-load, structured records and vectors in every format give
/// the same bits, scores match an independent binary64 forward pass, bad rows are named by
/// file:line with nothing written, and a tampered model is refused.
/// </summary>
public sealed class ScoreCommandTests : IDisposable
{
    private static readonly SmallModel Model = SmallModel.Create();
    private readonly TempDirectory temp = new("cli-score");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Score_RecordAndItsVector_SameBits_MatchingTheReference()
    {
        string version = Version();
        string input = temp.Combine("in.jsonl");
        float[] vector = ScoreInputs.Vector();
        File.WriteAllText(input, ScoreInputs.Record("rec-1").ToJsonString() + "\n\n" + ScoreInputs.VectorLine(vector) + "\n");
        string output = temp.Combine("out", "scores.jsonl");

        var (code, _, err) = CliRunner.Run("score", "--model", version, "--input", input, "--output", output);

        Assert.True(code == (int)ExitCode.Ok, err);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("rec-1", lines[0].GetProperty("sample_id").GetString());
        Assert.Equal("2", lines[1].GetProperty("sample_id").GetString()); // ordinal of a row without an id
        Assert.Equal(lines[0].GetProperty("output_bits").GetString(), lines[1].GetProperty("output_bits").GetString());

        double reference = Model.Reference(vector);
        var line = lines[0];
        uint bits = uint.Parse(line.GetProperty("output_bits").GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        float output0 = BitConverter.UInt32BitsToSingle(bits);
        Assert.Equal(output0, float.Parse(line.GetProperty("output").GetString()!, CultureInfo.InvariantCulture));
        Assert.InRange(output0, reference - 1e-3, reference + 1e-3);
        Assert.Equal((int)Math.Floor((double)output0), line.GetProperty("score").GetInt32()); // the sealed default rule truncates, 0 < output < 100
        Assert.Contains("conformance vectors reproduced", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CsvRecordsAndVectors_MatchJsonl_AndThreadsChangeNothing()
    {
        string version = Version();
        string jsonl = temp.Combine("in.jsonl");
        File.WriteAllText(jsonl, ScoreInputs.Record("a").ToJsonString() + "\n" + ScoreInputs.Record("b").ToJsonString() + "\n");
        string records = temp.Combine("records.csv");
        File.WriteAllText(records, ScoreInputs.RecordCsv("a", "b"));
        string vectors = temp.Combine("vectors.csv");
        File.WriteAllText(vectors, ScoreInputs.VectorCsv(("a", ScoreInputs.Vector()), ("b", ScoreInputs.Vector())));

        var fromJsonl = CliRunner.Run("score", "--model", version, "--input", jsonl);
        var fromRecords = CliRunner.Run("score", "--model", version, "--input", records, "--threads", "2");
        var fromVectors = CliRunner.Run("score", "--model", version, "--input", vectors);

        Assert.True(fromJsonl.Code == (int)ExitCode.Ok, fromJsonl.Err);
        Assert.True(fromRecords.Code == (int)ExitCode.Ok, fromRecords.Err);
        Assert.True(fromVectors.Code == (int)ExitCode.Ok, fromVectors.Err);
        Assert.Equal(2, fromJsonl.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(fromJsonl.Out, fromRecords.Out);
        Assert.Equal(fromJsonl.Out, fromVectors.Out);
    }

    [Fact]
    public void Score_SyntheticDataset_ParquetAndJsonl_ScoreIdentically_LabelsIgnored()
    {
        string version = Version();
        string jsonlDir = temp.Combine("jsonl");
        string parquetDir = temp.Combine("parquet");
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("dataset", "synth", "--out", jsonlDir, "--samples", "40", "--seed", "5", "--format", "jsonl").Code);
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("dataset", "synth", "--out", parquetDir, "--samples", "40", "--seed", "5", "--format", "parquet").Code);

        var fromJsonl = CliRunner.Run("score", "--model", version, "--input", Directory.GetFiles(jsonlDir, "*.jsonl").Single());
        var fromParquet = CliRunner.Run("score", "--model", version, "--input", Directory.GetFiles(parquetDir, "*.parquet").Single());

        Assert.True(fromJsonl.Code == (int)ExitCode.Ok, fromJsonl.Err);
        Assert.True(fromParquet.Code == (int)ExitCode.Ok, fromParquet.Err);
        Assert.Equal(40, fromParquet.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(fromJsonl.Out, fromParquet.Out);
    }

    [Fact]
    public void Score_CsvOutput_HasHeaderAndOneLinePerRow()
    {
        string version = Version();
        string input = temp.Combine("in.jsonl");
        File.WriteAllText(input, ScoreInputs.Record("only").ToJsonString() + "\n");
        string output = temp.Combine("scores.csv");

        var (code, stdout, err) = CliRunner.Run("score", "--model", version, "--input", input, "--output", output, "--json");

        Assert.True(code == (int)ExitCode.Ok, err);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal("sample_id,output,output_bits,score", lines[0]);
        Assert.StartsWith("only,", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        using var summary = JsonDocument.Parse(stdout);
        Assert.Equal(1, summary.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal("1.2.0", summary.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void Score_BadRows_AreNamedByFileAndLine_AndNothingIsWritten()
    {
        string version = Version();
        string input = temp.Combine("bad.jsonl");
        File.WriteAllLines(input,
        [
            ScoreInputs.Record("good").ToJsonString(),
            ScoreInputs.Record("too-confident", faceConfidence: 1.5).ToJsonString(),
            ScoreInputs.VectorLine(new float[768]),
            "{not json",
        ]);
        string output = temp.Combine("scores.jsonl");

        var (code, _, err) = CliRunner.Run("score", "--model", version, "--input", input, "--output", output);

        Assert.Equal(3, code);
        Assert.Contains($"{input}:2", err, StringComparison.Ordinal);
        Assert.Contains("face_confidence", err, StringComparison.Ordinal);
        Assert.Contains($"{input}:3", err, StringComparison.Ordinal);
        Assert.Contains($"{input}:4", err, StringComparison.Ordinal);
        Assert.DoesNotContain($"{input}:1", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Score_TamperedModel_IsRefusedBeforeLoading()
    {
        string version = Version();
        VersionDirectoryFixture.FlipBit(Path.Combine(version, "model", "model.onnx"), 40);
        string input = temp.Combine("in.jsonl");
        File.WriteAllText(input, ScoreInputs.Record("a").ToJsonString() + "\n");
        string output = temp.Combine("scores.jsonl");

        var (code, _, err) = CliRunner.Run("score", "--model", version, "--input", input, "--output", output);

        Assert.Equal(5, code);
        Assert.Contains("model.onnx", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Score_ModelFailingItsConformanceVectors_IsRefused()
    {
        string version = ScorableVersionFixture.Write(temp.Path, "1.2.0", SmallModel.Create(seed: 8).Onnx, Model.Conformance);
        string input = temp.Combine("in.jsonl");
        File.WriteAllText(input, ScoreInputs.Record("a").ToJsonString() + "\n");

        var (code, stdout, err) = CliRunner.Run("score", "--model", version, "--input", input);

        Assert.Equal(5, code);
        Assert.Contains("conformance", err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public void Score_WithOperatorKey_ChecksTheSignature()
    {
        string version = Version();
        string keys = temp.Combine("keys");
        string otherKeys = temp.Combine("other-keys");
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("keygen", "--out", keys).Code);
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("keygen", "--out", otherKeys).Code);
        Assert.Equal((int)ExitCode.Ok, CliRunner.Run("sign", "--model", version, "--key", Path.Combine(keys, "trustscore-signing.key")).Code);
        string input = temp.Combine("in.jsonl");
        File.WriteAllText(input, ScoreInputs.Record("a").ToJsonString() + "\n");

        var signedByOperator = CliRunner.Run("score", "--model", version, "--input", input, "--public-key", Path.Combine(keys, "trustscore-signing.pub"));
        var signedByStranger = CliRunner.Run("score", "--model", version, "--input", input, "--public-key", Path.Combine(otherKeys, "trustscore-signing.pub"));

        Assert.True(signedByOperator.Code == (int)ExitCode.Ok, signedByOperator.Err);
        Assert.Single(signedByOperator.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal((int)ExitCode.VerificationFailed, signedByStranger.Code);
        Assert.Contains("signature", signedByStranger.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, signedByStranger.Out);
    }

    [Fact]
    public void Score_UnknownInputFormat_IsBadInput()
    {
        string version = Version();
        string input = temp.Combine("in.txt");
        File.WriteAllText(input, "x");

        var (code, _, err) = CliRunner.Run("score", "--model", version, "--input", input);

        Assert.Equal(3, code);
        Assert.Contains(".txt", err, StringComparison.Ordinal);
    }

    private string Version() => ScorableVersionFixture.Write(temp.Path, "1.2.0", Model.Onnx, Model.Conformance);

    [Theory]
    [InlineData("round-half-up")]
    [InlineData("truncate")]
    public void Score_PrintsIntegersByTheRuleTheModelSeals(string ruleName)
    {
        var rule = TrustScore.Consensus.Scoring.ScoreRule.Find(ruleName)!;
        byte[] conformance = TrustScore.IO.CanonicalJson.ToUtf8Bytes(
            TrustScore.Consensus.Scoring.ConformanceVectors.Generate(TrustScore.Consensus.Scoring.Scorer.Load(Model.Onnx), rule: rule).ToJson());
        string version = ScorableVersionFixture.Write(temp.Path, "1.3.0", Model.Onnx, conformance);
        string manifestPath = Path.Combine(version, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["numerics"]!["score_rule"] = rule.Id;
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        var random = new Random(5);
        var rows = Enumerable.Range(0, 60).Select(_ =>
        {
            // Valid under the feature schema: a unit face embedding and quality values in [0, 1].
            float[] v = ScoreInputs.Vector();
            double[] e = [.. Enumerable.Range(0, 512).Select(_ => random.NextDouble() - 0.5)];
            double norm = Math.Sqrt(e.Sum(x => x * x));
            for (int k = 0; k < 512; k++)
            {
                v[k] = (float)(e[k] / norm);
            }

            for (int k = 512; k <= 516; k++)
            {
                v[k] = (float)random.NextDouble(); // document quality block
            }

            v[536] = (float)random.NextDouble(); // face_confidence

            return v;
        });
        string input = temp.Combine("many.jsonl");
        File.WriteAllLines(input, rows.Select(ScoreInputs.VectorLine));

        var (code, stdout, err) = CliRunner.Run("score", "--model", version, "--input", input);

        Assert.True(code == 0, err);
        int differ = 0;
        foreach (string l in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var line = JsonDocument.Parse(l).RootElement;
            float output = BitConverter.UInt32BitsToSingle(uint.Parse(line.GetProperty("output_bits").GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            // Independent of the code under test: decimal floor of y or of y + 0.5, within 0–100.
            decimal exact = (decimal)(double)output;
            int truncated = (int)Math.Clamp(decimal.Floor(exact), 0m, 100m);
            int rounded = (int)Math.Clamp(decimal.Floor(exact + 0.5m), 0m, 100m);
            Assert.Equal(ruleName == "truncate" ? truncated : rounded, line.GetProperty("score").GetInt32());
            differ += truncated != rounded ? 1 : 0;
        }

        Assert.True(differ > 0, "no row where the two rules differ; the test shows nothing");
    }

    [Fact]
    public void Score_ManifestRuleDisagreeingWithConformance_IsRefused()
    {
        string version = Version();
        string manifestPath = Path.Combine(version, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["numerics"]!["score_rule"] = "trustscore-score/1:round-half-up:0-100";
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        string input = temp.Combine("one.jsonl");
        File.WriteAllText(input, ScoreInputs.VectorLine(ScoreInputs.Vector()) + "\n");

        var (code, _, err) = CliRunner.Run("score", "--model", version, "--input", input);

        Assert.Equal(5, code);
        Assert.Contains("score rule", err, StringComparison.Ordinal);
    }
}
