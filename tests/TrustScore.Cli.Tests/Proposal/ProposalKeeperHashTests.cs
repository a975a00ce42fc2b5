using System.Globalization;
using System.Text.Json.Nodes;
using TrustScore.Cli.Tests.Docs;
using TrustScore.Cli.Tests.Train;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Proposal;

/// <summary>
/// The validator drop-in, end to end on a version the real exporter wrote (trained by
/// <see cref="CliRunFixture"/>): the proposal's <c>sha256_hash</c> is the node's keeper hash of
/// <c>model/</c>, recomputed here with find, sort and sha256sum only; and the model is sealed
/// with the node's truncating score rule, checked against decimal arithmetic.
/// </summary>
[Collection(CliRunCollection.Name)]
public sealed class ProposalKeeperHashTests(CliRunFixture run)
{
    // The recipe of docs/formats.md §1b in plain shell, as docs/runbook.md shows it.
    private const string ShellKeeperHash =
        "cd \"$0\" && find . -type f ! -name export_metadata.json ! -name MODEL_HASH.txt ! -name manifest.json " +
        "| sed 's|^\\./||' | LC_ALL=C sort | while IFS= read -r f; do printf '%s' \"$f\"; cat \"$f\"; done | sha256sum | cut -d' ' -f1";

    [Fact]
    public void ProposalSha256Hash_IsTheShellComputedKeeperHashOfTheExportedModelDirectory()
    {
        Assert.True(run.Train.Code == 0, run.Train.Err);
        using var temp = new TempDirectory("proposal-keeper");
        string modelDir = Path.Combine(run.VersionDir, "model");

        var (code, stdout, stderr) = CliRunner.Run(
            "proposal", "create", "--manifest", Path.Combine(run.VersionDir, "manifest.json"),
            "--model-url", "s3://virtengine-ml-models/models/trust_score/v1/trust_score_v1.tar.gz", "--no-fetch",
            "--out", temp.Combine("proposal.json"), "--json");
        Assert.True(code == 0, stderr);
        string sha256Hash = (string)JsonNode.Parse(stdout)!["sha256_hash"]!;

        var shell = BashRun.Run("bash", ["-c", ShellKeeperHash, modelDir], temp.Path);
        Assert.True(shell.Code == 0, shell.Err);
        Assert.Equal(shell.Out.Trim(), sha256Hash);
        string written = File.ReadAllText(temp.Combine("proposal.json"));
        Assert.Contains(sha256Hash, written, StringComparison.Ordinal);

        // The OpenSSF root stays in the metadata, next to it.
        string root = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(run.VersionDir, "manifest.json")))!["digest"]!["root"]!;
        string metadata = File.ReadAllText(temp.Combine("proposal_metadata.json"));
        Assert.Contains(root, metadata, StringComparison.Ordinal);
        Assert.Contains(sha256Hash, metadata, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_SealsTheNodesTruncationRule_AndEveryConformanceScoreTruncates()
    {
        Assert.True(run.Train.Code == 0, run.Train.Err);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run.VersionDir, "manifest.json")))!;
        var conformance = JsonNode.Parse(File.ReadAllText(Path.Combine(run.VersionDir, "model", "conformance.json")))!;
        const string Truncate = "trustscore-score/1:truncate:0-100";

        Assert.Equal(Truncate, (string?)manifest["numerics"]!["score_rule"]);
        Assert.Equal(Truncate, (string?)conformance["score_rule"]);
        int boundaries = 0;
        foreach (JsonNode? v in conformance["vectors"]!.AsArray())
        {
            float output = BitConverter.UInt32BitsToSingle(uint.Parse((string)v!["output_bits"]!, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            decimal exact = (decimal)(double)output;
            int expected = exact < 0 ? 0 : exact > 100 ? 100 : (int)decimal.Truncate(exact);
            Assert.Equal(expected, (int)v["score"]!);
            boundaries += ((string)v["name"]!).StartsWith("boundary-", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(boundaries >= 2, "the export holds no boundary pairs");
    }

    [Fact]
    public void Verify_ReportsTheKeeperHashCheck_AndTheExportMetadataRecordsIt()
    {
        Assert.True(run.Train.Code == 0, run.Train.Err);
        var verify = CliRunner.Run("verify", "--model", run.VersionDir, "--public-key", run.PublicKey, "--json");
        Assert.True(verify.Code == 0, verify.Out + verify.Err);
        var keeper = JsonNode.Parse(verify.Out)!["checks"]!.AsArray().Single(c => (string?)c!["name"] == "keeper-hash")!;
        Assert.True((bool)keeper["passed"]!);

        var shell = BashRun.Run("bash", ["-c", ShellKeeperHash, Path.Combine(run.VersionDir, "model")], run.Temp.Path);
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(run.VersionDir, "export_metadata.json")))!;
        Assert.Equal(shell.Out.Trim(), (string?)metadata["keeper_hash"]);
    }
}
