using System.Text.Json;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Proposal;

public sealed class ProposalCommandTests : IDisposable
{
    private const string Version = "v20250101_120000";
    private readonly TempDirectory temp = new("proposal-cli");
    private readonly string versionDir;

    public ProposalCommandTests()
    {
        versionDir = ReleaseFixtures.WriteVersion(temp.Combine("registry"), Version);
    }

    public void Dispose() => temp.Dispose();

    private string Archive => Path.Combine(versionDir, ReleaseFixtures.ArchiveName(Version));

    private string[] CreateArgs(string outFile) =>
        ["proposal", "create", "--manifest", Path.Combine(versionDir, "manifest.json"), "--model-url", Archive, "--out", outFile, "--json"];

    [Fact]
    public void Create_Json_WritesTheThreeFilesAndPrintsOnlyJson()
    {
        string outFile = temp.Combine("out", "proposal.json");
        var (code, stdout, stderr) = CliRunner.Run(CreateArgs(outFile));
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("virtengine10d07y265gmmuvt4z0w9aw880jnsr700juej5a8", root.GetProperty("authority").GetString());
        Assert.Equal(KeeperHashOracle.Of(Path.Combine(versionDir, "model")), root.GetProperty("sha256_hash").GetString());
        Assert.True(root.GetProperty("artifact_check").GetProperty("content_verified").GetBoolean());
        Assert.True(File.Exists(outFile));
        Assert.True(File.Exists(temp.Combine("out", "proposal_metadata.json")));
        Assert.True(File.Exists(temp.Combine("out", "submit_proposal.sh")));
    }

    [Fact]
    public void Create_TamperedModel_ExitsWithVerificationCode()
    {
        File.AppendAllText(Path.Combine(versionDir, "model", "model.onnx"), "tampered");
        var (code, stdout, stderr) = CliRunner.Run(CreateArgs(temp.Combine("out", "proposal.json")));
        Assert.Equal(5, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("out", "proposal.json")));
    }

    [Fact]
    public void Create_FailedGates_ExitsWithGatesCode()
    {
        ReleaseFixtures.EditManifest(versionDir, m => m["gates"]!["passed"] = false);
        var (code, _, stderr) = CliRunner.Run(CreateArgs(temp.Combine("out", "proposal.json")));
        Assert.Equal(4, code);
        Assert.Contains("gates", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownChainProfile_ExitsWithBadInputCode()
    {
        var (code, _, stderr) = CliRunner.Run([.. CreateArgs(temp.Combine("p.json")), "--chain", temp.Combine("missing.yaml")]);
        Assert.Equal(3, code);
        Assert.Contains("missing.yaml", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_WritesAnActivateProposal()
    {
        ReleaseFixtures.WriteVersion(temp.Combine("registry"), "v20241201_000000");
        string outFile = temp.Combine("rb", "rollback_proposal.json");
        var (code, stdout, stderr) = CliRunner.Run("proposal", "rollback", "--registry", temp.Combine("registry"), "--to", "v20241201_000000",
            "--reason", "Score drift", "--out", outFile, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("rollback", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(Version, doc.RootElement.GetProperty("from_version").GetString());
        using var proposal = JsonDocument.Parse(File.ReadAllText(outFile));
        var message = Assert.Single(proposal.RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal("/virtengine.veid.v1.MsgActivateModel", message.GetProperty("@type").GetString());
        Assert.Equal("trust_score-v20241201_000000", message.GetProperty("model_id").GetString());
    }

    [Fact]
    public void Submit_DryRun_PrintsTheExactCommand()
    {
        string outFile = temp.Combine("out", "proposal.json");
        Assert.Equal(0, CliRunner.Run(CreateArgs(outFile)).Code);
        var (code, stdout, _) = CliRunner.Run("proposal", "submit", outFile, "--from", "validator", "--dry-run");
        Assert.Equal(0, code);
        Assert.Equal(
            $"virtengine tx gov submit-proposal {outFile} --from validator --chain-id virtengine-1 --gas auto --gas-adjustment 1.5 --fees 5000uve -y\n",
            stdout);
    }

    [Fact]
    public void Submit_InvalidProposalFile_IsRefusedBeforeAnythingIsPrinted()
    {
        string bad = temp.Combine("bad.json");
        File.WriteAllText(bad, "{\"messages\":[{\"@type\":\"/virtengine.veid.v1.MsgActivateModel\",\"authority\":\"virtengine10d07y265gmmuvt4z0w9aw880jnsr700jdufnyd\",\"model_id\":\"m\",\"model_type\":\"trust_score\"}],\"metadata\":\"\",\"deposit\":\"2500000000uve\",\"title\":\"t\",\"summary\":\"s\"}");
        var (code, stdout, stderr) = CliRunner.Run("proposal", "submit", bad, "--from", "validator", "--dry-run");
        Assert.Equal(3, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("checksum", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_WithoutChainCli_SaysSoAndExitsWithToolUnavailable()
    {
        string outFile = temp.Combine("out", "proposal.json");
        Assert.Equal(0, CliRunner.Run(CreateArgs(outFile)).Code);
        string emptyBin = temp.Combine("empty-bin");
        Directory.CreateDirectory(emptyBin);
        var result = CliProcess.Run(["proposal", "submit", outFile, "--from", "validator"], new Dictionary<string, string> { ["PATH"] = emptyBin });
        Assert.Equal(9, result.ExitCode);
        Assert.Contains("'virtengine' is not on PATH", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_Vote_Status_WithFakeChainCli_PassExactlyTheRightArguments()
    {
        string outFile = temp.Combine("out", "proposal.json");
        Assert.Equal(0, CliRunner.Run(CreateArgs(outFile)).Code);
        string bin = temp.Combine("bin");
        ReleaseFixtures.WriteFakeChainCli(bin);
        string log = temp.Combine("chain.log");
        var env = new Dictionary<string, string>
        {
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_CHAIN_LOG"] = log,
        };

        var submit = CliProcess.Run(["proposal", "submit", outFile, "--from", "validator"], env);
        Assert.True(submit.ExitCode == 0, submit.StdErr);
        Assert.Contains("{\"fake\":true}", submit.StdOut, StringComparison.Ordinal);
        var vote = CliProcess.Run(["proposal", "vote", "7", "yes", "--from", "validator"], env);
        Assert.True(vote.ExitCode == 0, vote.StdErr);
        var status = CliProcess.Run(["proposal", "status", "7"], env);
        Assert.True(status.ExitCode == 0, status.StdErr);

        string[] expected =
        [
            "tx", "gov", "submit-proposal", outFile, "--from", "validator", "--chain-id", "virtengine-1", "--gas", "auto", "--gas-adjustment", "1.5", "--fees", "5000uve", "-y", "---",
            "tx", "gov", "vote", "7", "yes", "--from", "validator", "--chain-id", "virtengine-1", "--gas", "auto", "--gas-adjustment", "1.5", "--fees", "5000uve", "-y", "---",
            "query", "gov", "proposal", "7", "--output", "json", "---",
            "query", "gov", "votes", "7", "--output", "json", "---",
            "query", "gov", "tally", "7", "--output", "json", "---",
        ];
        Assert.Equal(expected, File.ReadAllLines(log));
    }

    [Fact]
    public void Status_DryRunJson_ListsTheThreeQueries()
    {
        var (code, stdout, _) = CliRunner.Run("proposal", "status", "12", "--dry-run", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var commands = doc.RootElement.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("command").GetString()).ToList();
        Assert.Equal(
            ["virtengine query gov proposal 12 --output json", "virtengine query gov votes 12 --output json", "virtengine query gov tally 12 --output json"],
            commands);
    }

    [Fact]
    public void Vote_BadOption_ExitsWithBadInputCode()
    {
        var (code, _, stderr) = CliRunner.Run("proposal", "vote", "12", "perhaps", "--from", "validator", "--dry-run");
        Assert.Equal(3, code);
        Assert.Contains("no_with_veto", stderr, StringComparison.Ordinal);
    }
}
